import AureonEngine
import DequeModule

/// The simulated cluster: every state machine of the distributed layer, wired to the engine.
///
/// It only routes. Each engine event is delivered to the one component it is for (a node, the
/// queue, the coordinator, the supervisor), which changes its own state and returns effects;
/// the simulation then applies them in order — events to the event log and the checker,
/// messages to the messenger (both planes cross the network, with latency, loss, delay and
/// partitions), timers to the engine, and the local calls between the central services.
///
/// Single-threaded and deterministic: events are processed in (virtual time, sequence) order,
/// every random draw comes from streams derived from the seed, and nothing reads the wall
/// clock. The console and the CLI drive it with `advance(to:)`/`step()` and operator actions,
/// and read it through its public state.
public final class ClusterSimulation {
    public let configuration: ClusterConfiguration
    public internal(set) var nodes: [NodeOrchestrator]
    public internal(set) var coordinator: ClusterCoordinator
    var broker: QueueBroker
    var supervisor: Supervisor
    public internal(set) var events: EventLog
    /// Whether the event log keeps the newest events for views to read (see
    /// `EventLog.retainsEvents`); headless runs turn it off.
    public var retainsEvents: Bool {
        get { events.retainsEvents }
        set { events.retainsEvents = newValue }
    }
    /// Whether checkpoint saves reach the checkpoint store (see
    /// `QueueBroker.keepsCheckpointRecords`); headless runs without a checkpoint directory
    /// turn it off. Records saved before stay in the store.
    public var retainsCheckpointRecords: Bool {
        get { broker.keepsCheckpointRecords }
        set { broker.keepsCheckpointRecords = newValue }
    }
    public internal(set) var checker: InvariantChecker
    public internal(set) var counters = SimulationCounters()
    public internal(set) var messenger: Messenger
    /// Every action carried out, in order (what a recording stores).
    public internal(set) var performedActions: [PerformedAction] = []
    /// The latest narration caption and when it was said.
    public internal(set) var caption: (time: VirtualTime, text: String)?
    /// Receives every narration line as it is said (headless runs print them).
    public var narrationSink: ((VirtualTime, String) -> Void)?

    var scheduler = EventScheduler<PackedEvent>()
    /// Operator-level draws (which nodes `kill_random` picks, heartbeat staggering); separate
    /// from every component's stream so that one concern's draws do not shift another's.
    var random: SeededRandom
    var effects = EffectSink()
    /// Messages in transit, by slot; freed slots are reused.
    var inFlight: [InFlightMessage?] = []
    /// The grants a lease-grant message in each slot carries (empty for other messages; each
    /// keeps its capacity, so a reused slot allocates nothing).
    var inFlightGrants: [[LeaseGrant]] = []
    var freeInFlightSlots: [Int32] = []
    var pendingActions: [OperatorAction?] = []
    var pendingScheduleActions = 0
    /// Generation of each (node, fault kind), so an old fault timer cannot end a newer fault.
    var faultEpochs: [FaultKey: UInt32] = [:]
    /// When each timed fault ends (for the console's fault panel); open-ended faults have none.
    var faultEnds: [FaultKey: VirtualTime] = [:]
    /// Chaos mode: its own random stream (so turning it on does not shift other draws), its
    /// rate, and a generation that retires the ticks of an earlier setting.
    var chaosRandom: SeededRandom
    public internal(set) var chaosFaultsPerMinute = 0.0
    var chaosGeneration: UInt32 = 0
    /// The network faults set without a duration: what a timed one returns to when it ends.
    var networkBaseline = Messenger.Levels()
    let livenessPeriod: VirtualDuration

    struct InFlightMessage {
        let message: NetworkMessage
        let from: Endpoint
        let to: Endpoint
    }

    public var now: VirtualTime { scheduler.now }
    public var naming: NodeNaming { configuration.naming }
    /// The work queue, as the console and tests read it.
    public var queue: DistributedQueue { broker.queue }
    public var checkpoints: any CheckpointStore { broker.checkpoints }
    public var runs: [RunState] { supervisor.runs }
    /// True when every run is complete and no scheduled run is still to come.
    public var isIdle: Bool { supervisor.incompleteRuns == 0 && pendingScheduleActions == 0 }
    public var incompleteRunCount: Int { supervisor.incompleteRuns }
    public var traceHash: TraceHasher { events.traceHash }
    /// The most engine events ever pending at once.
    public var peakScheduledEventCount: Int { scheduler.peakCount }

    /// Builds the cluster: every node joins at time zero, starts heartbeating and parks a pull.
    /// `eventSink` is attached before the first event (the nodes joining) is recorded.
    public init(
        configuration: ClusterConfiguration, checkpointStore: (any CheckpointStore)? = nil, queueDefects: QueueDefects = [],
        eventSink: ((ClusterEvent) -> Void)? = nil
    ) throws(ConfigurationError) {
        try configuration.validate()
        self.configuration = configuration
        let naming = configuration.naming
        let settings = NodeSettings(configuration)
        nodes = (0..<configuration.nodeCount).map {
            NodeOrchestrator(id: NodeID($0), name: naming.name(of: NodeID($0)), role: .hybrid, maxConcurrency: configuration.concurrency,
                             settings: settings, seed: configuration.seed)
        }
        coordinator = ClusterCoordinator(configuration: configuration)
        broker = QueueBroker(
            configuration: configuration,
            checkpoints: checkpointStore ?? InMemoryCheckpointStore(historyLimit: configuration.checkpointHistoryLimit),
            defects: queueDefects)
        supervisor = Supervisor(seed: configuration.seed)
        events = EventLog(capacity: configuration.eventLogCapacity)
        events.sink = eventSink
        checker = InvariantChecker(configuration: configuration)
        messenger = Messenger(seed: configuration.seed, latency: configuration.messageLatency, jitter: configuration.messageJitter,
                              nodeCount: configuration.nodeCount)
        random = SeededRandom(seed: configuration.seed)
        chaosRandom = SeededRandom(seed: configuration.seed ^ 0x6368_616F_7321)  // "chaos!"
        livenessPeriod = max(.seconds(1), configuration.effectiveLivenessBound / 8)
        // The periodic timers, each armed a fixed delay ahead: FIFOs instead of heap entries.
        for delay in [configuration.heartbeatInterval, configuration.pullWait, settings.pullTimeout, configuration.scanInterval, livenessPeriod] {
            scheduler.addLane(delay: delay)
        }
        for index in 0..<configuration.nodeCount {
            effects.emit(.nodeJoined, node: NodeID(index), detail: .incarnation(1))
            // Stagger first heartbeats over one interval so the coordinator is not hit at once.
            let offset = random.integer(in: 0...(configuration.heartbeatInterval.microseconds - 1))
            nodes[index].start(now: .zero, firstHeartbeat: .zero + .microseconds(offset), into: &effects)
        }
        scheduler.schedule(.recoveryScan, at: .zero + configuration.scanInterval)
        scheduler.schedule(.livenessCheck, at: .zero + livenessPeriod)
        route()
        assert(MemoryLayout<EventScheduler<PackedEvent>.Entry>.stride == 32, "heap entries stay 32 bytes")
    }

    // MARK: driving the engine

    /// Processes every event due at or before `time` (at most `maxEvents` of them), then moves
    /// the clock to `time` if nothing is left before it. Returns the number processed.
    @discardableResult
    public func advance(to time: VirtualTime, maxEvents: Int = .max) -> Int {
        var processed = 0
        while processed < maxEvents, let entry = scheduler.popNext(notAfter: time) {
            handle(entry.payload.event)
            counters.eventsProcessed += 1
            processed += 1
        }
        if processed < maxEvents { scheduler.advanceClock(to: time) }
        return processed
    }

    /// Processes exactly the next event, whatever its time. Returns false when none is left.
    @discardableResult
    public func step() -> Bool {
        guard let time = scheduler.nextTime else { return false }
        return advance(to: time, maxEvents: 1) == 1
    }

    /// Moves the history to exactly where a recorded interactive action happened: every event
    /// before `time`, then events at `time` until `eventCount` have been processed in all, then
    /// the clock to `time`. (An operator acts between events: everything earlier has happened;
    /// of the events sharing the instant, the count says how many.) Processes at most
    /// `maxEvents`; returns false when that budget ran out before the position was reached.
    @discardableResult
    public func advance(toPosition time: VirtualTime, eventCount: Int, maxEvents: Int = .max) -> Bool {
        var budget = maxEvents
        if time > now {
            budget -= advance(to: time - .microseconds(1), maxEvents: budget)
            if (scheduler.nextTime ?? .distantFuture) < time { return false }
        }
        budget -= advance(to: time, maxEvents: min(budget, max(0, eventCount - counters.eventsProcessed)))
        let pendingAtInstant = (scheduler.nextTime ?? .distantFuture) <= time
        if counters.eventsProcessed < eventCount, pendingAtInstant, budget == 0 { return false }
        scheduler.advanceClock(to: time)
        return true
    }

    /// Runs until every run is complete and no scheduled run remains, or until `limit`.
    /// Returns true when it stopped because the work was done.
    @discardableResult
    public func runUntilIdle(limit: VirtualTime, maxEvents: Int = 2_000_000_000) -> Bool {
        var budget = maxEvents
        while !isIdle, budget > 0, let entry = scheduler.popNext(notAfter: limit) {
            handle(entry.payload.event)
            counters.eventsProcessed += 1
            budget -= 1
        }
        return isIdle
    }

    /// Hands one engine event to the component it is for, then routes what it returned.
    private func handle(_ event: SimulationEvent) {
        let now = scheduler.now
        switch event {
        case let .heartbeat(node, incarnation):
            nodes[Int(node)].heartbeatDue(incarnation: Int(incarnation), now: now, into: &effects)
        case let .deliver(slot): deliver(slot: Int(slot))
        case let .taskWake(execution, node, slot):
            nodes[Int(node)].taskWake(slot: Int(slot), execution: execution, now: now, into: &effects)
        case let .pullTimeout(node, incarnation):
            nodes[Int(node)].pullTimedOut(incarnation: Int(incarnation), now: now, into: &effects)
        case .leaseDeadlines: broker.leaseDeadlinesDue(now: now, into: &effects)
        case .visibilityDue: broker.visibilityDue(now: now, into: &effects)
        case .stealCheck: broker.stealCheck(now: now, into: &effects)
        case let .pullWaitExpired(node): broker.pullWaitExpired(node: Int(node), now: now, into: &effects)
        case .recoveryScan:
            coordinator.recoveryScan(now: now, into: &effects)
            effects.arm(.recoveryScan, at: now + configuration.scanInterval)
        case .livenessCheck:
            report(checker.checkLiveness(now: now))
            effects.arm(.livenessCheck, at: now + livenessPeriod)
        case let .scheduledAction(index): runScheduledAction(Int(index))
        case let .faultExpiry(expiry): expireFault(expiry)
        case let .chaosTick(generation): chaosTick(generation: generation)
        case let .chaosRecovery(node, incarnation, restart): chaosRecovery(node: Int(node), incarnation: Int(incarnation), restart: restart)
        }
        route()
    }

    // MARK: routing effects

    /// Applies every pending effect in the order it was produced; local calls may add more,
    /// which are applied in the same pass.
    func route() {
        var index = 0
        while index < effects.count {
            precondition(index < EffectSink.passLimit, "one routing pass produced more than \(EffectSink.passLimit) effects")
            let effect = effects[index]
            index += 1
            switch effect {
            case let .emit(kind, node, task, runSlot, detail):
                record(kind, node: node, task: task, runSlot: runSlot, detail: effects.takeDetail(detail))
            case let .send(index):
                let outgoing = effects.outgoing(index)
                send(outgoing.message, from: outgoing.from, to: outgoing.to)
            case let .arm(timer, time): scheduler.schedule(timer, at: time)
            case let .settled(ref, committed): supervisor.settled(ref, committed: committed, now: now, into: &effects)
            case let .shardState(ref, state, owner): supervisor.shardState(ref, state, owner: owner)
            case let .fence(node, incarnation): broker.fence(node, incarnation: incarnation)
            case let .setDraining(node, draining): broker.setDraining(node, draining, now: now, into: &effects)
            case .rebalance:
                broker.rebalance(placeable: coordinator.placeable, activeTasks: coordinator.activeTasks, now: now, into: &effects)
            case let .nextIteration(slot): scheduleNextIteration(ofRunAt: slot)
            }
        }
        effects.removeAll()
    }

    /// Hands a message to the messenger; it arrives later, or never.
    private func send(_ message: NetworkMessage, from: Endpoint, to: Endpoint) {
        let kind = message.kind
        guard let delay = messenger.transit(kind, from: from, to: to) else {
            if !messenger.crossesPartition(from: from, to: to) {
                record(.messageLost, node: from.node ?? to.node, task: nil, runSlot: -1, detail: .messageLost(plane: kind.plane, message: kind))
            }
            return
        }
        let slot: Int32
        var carried = message
        // `removeLast` after an emptiness check, not `popLast`: the generic optional-returning
        // path cost twice as much, once per message.
        if !freeInFlightSlots.isEmpty {
            slot = freeInFlightSlots.removeLast()
        } else {
            slot = Int32(inFlight.count)
            inFlight.append(nil)
            inFlightGrants.append([])
        }
        if case let .leaseGrant(response) = message, response.grants.count > 0 {
            // The grants move from the sink (cleared after this pass) to the slot.
            assert(inFlightGrants[Int(slot)].isEmpty, "a free slot carries no grants")
            inFlightGrants[Int(slot)].append(contentsOf: effects.grants(in: response.grants))
            carried = .leaseGrant(PullResponse(node: response.node, incarnation: response.incarnation, pullID: response.pullID,
                                               grants: GrantSpan(start: 0, count: response.grants.count), fenced: response.fenced))
        }
        inFlight[Int(slot)] = InFlightMessage(message: carried, from: from, to: to)
        scheduler.schedule(.deliver(slot: slot), at: now + delay)
    }

    private func deliver(slot: Int) {
        let carriedGrants = dispatch(slot: slot)
        // Freed only when the delivery is done: a message sent while handling this one must
        // not take the slot whose grants are being read. (Not in a `defer`: that kept a second
        // copy of the message on the stack for the closure, about 40 instructions a message.)
        if carriedGrants { inFlightGrants[slot].removeAll(keepingCapacity: true) }
        inFlight[slot] = nil
        freeInFlightSlots.append(Int32(slot))
    }

    /// Hands the message in `slot` to its receiver, unless the network or a death swallows it
    /// on arrival. Returns whether it carried grants (the caller frees them with the slot).
    @inline(__always)
    private func dispatch(slot: Int) -> Bool {
        guard let entry = inFlight[slot] else { preconditionFailure("delivery of an empty in-flight slot") }
        let carriedGrants: Bool
        if case .leaseGrant = entry.message { carriedGrants = true } else { carriedGrants = false }
        // A partition that began while the message was in flight swallows it too.
        guard !messenger.crossesPartition(from: entry.from, to: entry.to) else { return carriedGrants }
        // A killed node's connections are gone: nothing it sent arrives, nothing reaches it.
        if case let .node(sender) = entry.from, nodes[sender.index].isKilled { return carriedGrants }
        let now = now
        switch (entry.message, entry.to) {
        case let (.heartbeat(heartbeat), .coordinator): coordinator.receive(heartbeat, now: now, into: &effects)
        case (.rebalanceRequest, .coordinator): effects.append(.rebalance)
        case let (.drainNode, .node(node)): nodes[node.index].receiveDrain(now: now, into: &effects)
        case let (.resumeNode, .node(node)): nodes[node.index].receiveResume(now: now, into: &effects)
        case let (.rejoin(fenced), .node(node)): nodes[node.index].rejoin(fencedIncarnation: fenced, now: now, into: &effects)
        case let (.pull(request), .queue): broker.receive(request, now: now, into: &effects)
        case let (.leaseGrant(response), .node(node)):
            nodes[node.index].receive(response, grants: inFlightGrants[slot][...], now: now, into: &effects)
        case let (.renew(write), .queue): broker.receiveRenew(write, now: now, into: &effects)
        case let (.renewReply(reply), .node(node)): nodes[node.index].receiveRenewReply(reply, now: now, into: &effects)
        case let (.checkpoint(write), .queue): broker.receiveCheckpoint(write, now: now, into: &effects)
        case let (.checkpointReply(reply), .node(node)): nodes[node.index].receiveCheckpointReply(reply, now: now, into: &effects)
        case let (.ack(write), .queue): broker.receiveAck(write, now: now, into: &effects)
        case let (.nack(write, delay, failure), .queue): broker.receiveNack(write, delay: delay, failure: failure, now: now, into: &effects)
        default: preconditionFailure("\(entry.message.kind.rawValue) sent to the wrong endpoint")
        }
        return carriedGrants
    }

    // MARK: events

    /// Records one event: the log (and trace hash), the counters, and the checker, which sees
    /// nothing but this stream.
    private func record(_ kind: EventKind, node: NodeID?, task: TaskRef?, runSlot: Int32, detail: EventDetail) {
        let event = events.record(time: now, kind: kind, node: node, task: task, runSlot: runSlot, detail: detail)
        counters.count(event.kind, detail: event.detail)
        report(checker.observe(event))
        if kind == .narration, case let .reason(text) = detail {
            caption = (now, text)
            narrationSink?(now, text)
        }
    }

    /// Adds an event that no component produced (operator actions, faults, chaos).
    func emit(_ kind: EventKind, node: NodeID? = nil, task: TaskRef? = nil, runSlot: Int32 = -1, detail: EventDetail = .none) {
        effects.emit(kind, node: node, task: task, runSlot: runSlot, detail: detail)
    }

    /// Inlined: it runs after every event, almost always with nothing to report.
    @inline(__always)
    func report(_ violations: [InvariantViolation]) {
        guard !violations.isEmpty else { return }
        for violation in violations {
            let event = events.record(time: now, kind: .invariantViolated, node: nil, task: nil, runSlot: -1,
                                      detail: .reason("\(violation.rule.rawValue): \(violation.detail)"))
            counters.count(event.kind, detail: event.detail)
        }
    }

    /// The printable identity of a queued task.
    public func taskID(for ref: TaskRef) -> TaskID { events.names.taskID(for: ref) }

    // MARK: runs

    /// Plans, places and enqueues a run's first iteration; nothing is left behind on refusal.
    func scheduleRun(_ spec: RunSpec) throws(SchedulingError) {
        try ShardPlanner.validate(spec)
        guard supervisor.slot(of: spec.id) == nil else { throw .duplicateRun(spec.id) }
        reclaimFinishedRuns()
        let targets = try coordinator.place(count: ShardPlanner.shardCount(for: spec), readyCount: broker.queue.readyCount)
        let slot = try supervisor.admit(spec, now: now)
        events.register(spec, slot: slot)
        checker.register(spec, slot: slot)
        broker.register(spec, slot: slot)
        enqueue(iteration: 1, ofRunAt: slot, targets: targets)
    }

    private func enqueue(iteration: Int, ofRunAt slot: Int, targets: [NodeID]) {
        // Announced first: its shards may be leased in the same instant, to parked pulls.
        supervisor.announce(iteration: iteration, ofRunAt: slot, targets: targets, nodeCount: nodes.count, into: &effects)
        let messages = broker.enqueue(iteration: iteration, ofRunAt: slot, targets: targets, now: now, into: &effects)
        supervisor.began(iteration: iteration, ofRunAt: slot, messages: messages, now: now)
        counters.shardsScheduled += targets.count
    }

    /// The supervisor found an iteration settled without converging: place the next one.
    private func scheduleNextIteration(ofRunAt slot: Int) {
        let run = supervisor.runs[slot]
        // Settled messages are done with: their queue slots serve the next tasks, so memory
        // follows the live work rather than the whole history (24-hour soaks stay flat).
        broker.recycle(run.shardMessages)
        let targets: [NodeID]
        do {
            targets = try coordinator.place(count: run.shardCount, readyCount: broker.queue.readyCount)
        } catch {
            // No healthy node right now: spread the iteration evenly; nodes take it when they return.
            targets = (0..<run.shardCount).map { NodeID($0 % nodes.count) }
            emit(.runRefused, runSlot: Int32(slot), detail: .reason("next iteration placed blindly: \(error)"))
        }
        enqueue(iteration: run.iteration + 1, ofRunAt: slot, targets: targets)
    }

    /// Gives back what finished runs held: queue slots, in-memory checkpoints.
    func reclaimFinishedRuns() {
        for (run, messages) in supervisor.takeFinishedForReclaim() {
            broker.recycle(messages)
            broker.checkpoints.discardRecords(of: run)
        }
    }

    /// The run with this id, if scheduled.
    public func run(named id: RunID) -> RunState? { supervisor.slot(of: id).map { supervisor.runs[$0] } }

    /// The next free sequential run name (`rqml-run-001`, …).
    public func nextRunID() -> RunID {
        var number = supervisor.runs.count + 1
        while supervisor.slot(of: RunID.sequential(number)) != nil { number += 1 }
        return RunID.sequential(number)
    }
}

extension Endpoint {
    /// The node at this end, if it is one.
    var node: NodeID? {
        if case let .node(id) = self { return id }
        return nil
    }
}
