import AureonEngine
import DequeModule

/// The simulated cluster: every state machine of the distributed layer, wired to the engine.
///
/// Single-threaded and deterministic: events are processed in (virtual time, sequence) order,
/// every random draw comes from streams derived from the seed, and nothing reads the wall
/// clock. The console and the CLI drive it with `advance(to:)`/`step()` and operator actions,
/// and read it through its public state.
public final class ClusterSimulation {
    public let configuration: ClusterConfiguration
    public internal(set) var nodes: [NodeOrchestrator]
    public internal(set) var coordinator: ClusterCoordinator
    public internal(set) var queue: DistributedQueue
    public let checkpoints: any CheckpointStore
    public internal(set) var runs: [RunState] = []
    public internal(set) var events: EventLog
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
    /// Validation, task failures and random picks; separate from the messenger's stream so
    /// that message traffic does not shift every other draw.
    var random: SeededRandom
    var waitingNodes = Deque<Int32>()
    /// Control messages in transit, by slot; freed slots are reused.
    var inFlight: [(message: ControlMessage, to: Endpoint)?] = []
    var freeInFlightSlots: [Int32] = []
    var nextExecution: UInt64 = 1
    var checkpointSequence: UInt64 = 0
    var pendingActions: [OperatorAction?] = []
    var pendingScheduleActions = 0
    var incompleteRuns = 0
    /// Generation of each (node, fault kind), so an old fault timer cannot end a newer fault.
    var faultEpochs: [FaultKey: UInt32] = [:]
    /// When each timed fault ends (for the console's fault panel); open-ended faults have none.
    var faultEnds: [FaultKey: VirtualTime] = [:]
    var runSlotsByID: [RunID: Int] = [:]
    /// Runs that finished since the last scheduling, waiting to give their memory back.
    var finishedRunsToReclaim: [Int] = []
    /// Chaos mode: its own random stream (so turning it on does not shift other draws), its
    /// rate, and a generation that retires the ticks of an earlier setting.
    var chaosRandom: SeededRandom
    public internal(set) var chaosFaultsPerMinute = 0.0
    var chaosGeneration: UInt32 = 0

    public var now: VirtualTime { scheduler.now }
    public var naming: NodeNaming { configuration.naming }
    /// True when every run is complete and no scheduled run is still to come.
    public var isIdle: Bool { incompleteRuns == 0 && pendingScheduleActions == 0 }
    public var incompleteRunCount: Int { incompleteRuns }
    public var traceHash: TraceHasher { events.traceHash }
    /// The most engine events ever pending at once.
    public var peakScheduledEventCount: Int { scheduler.peakCount }

    /// Builds the cluster: every node joins at time zero and starts heartbeating.
    /// `eventSink` is attached before the first event (the nodes joining) is recorded.
    public init(
        configuration: ClusterConfiguration, checkpointStore: (any CheckpointStore)? = nil, queueDefects: QueueDefects = [],
        eventSink: ((ClusterEvent) -> Void)? = nil
    ) throws(ConfigurationError) {
        try configuration.validate()
        self.configuration = configuration
        let naming = configuration.naming
        nodes = (0..<configuration.nodeCount).map {
            NodeOrchestrator(id: NodeID($0), name: naming.name(of: NodeID($0)), role: .hybrid, maxConcurrency: configuration.concurrency)
        }
        coordinator = ClusterCoordinator(nodeCount: configuration.nodeCount)
        queue = DistributedQueue(nodeCount: configuration.nodeCount, maxReceiveCount: configuration.maxReceiveCount, defects: queueDefects)
        checkpoints = checkpointStore ?? InMemoryCheckpointStore(historyLimit: configuration.checkpointHistoryLimit)
        events = EventLog(capacity: configuration.eventLogCapacity)
        events.sink = eventSink
        checker = InvariantChecker()
        messenger = Messenger(seed: configuration.seed, latency: configuration.messageLatency, jitter: configuration.messageJitter)
        random = SeededRandom(seed: configuration.seed)
        chaosRandom = SeededRandom(seed: configuration.seed ^ 0x6368_616F_7321)  // "chaos!"
        for index in 0..<configuration.nodeCount {
            emit(.nodeJoined, node: NodeID(index), detail: .incarnation(1))
            becomeIdle(index)  // nothing to do yet: wait to be woken by work
            // Stagger first heartbeats over one interval so the coordinator is not hit at once.
            let offset = random.integer(in: 0...(configuration.heartbeatInterval.microseconds - 1))
            scheduler.schedule(.heartbeat(node: Int32(index), incarnation: 1), at: .zero + .microseconds(offset))
        }
        scheduler.schedule(.recoveryScan, at: .zero + configuration.scanInterval)
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

    private func handle(_ event: SimulationEvent) {
        switch event {
        case let .heartbeat(node, incarnation): heartbeatDue(node: Int(node), incarnation: Int(incarnation))
        case let .deliver(slot): deliver(slot: Int(slot))
        case let .pull(node, incarnation): pull(node: Int(node), incarnation: Int(incarnation))
        case let .taskWake(execution, node, slot): taskWake(node: Int(node), slot: Int(slot), execution: execution)
        case let .leaseDeadline(token, message): leaseDeadline(MessageID(Int(message)), token: FencingToken(token))
        case .visibilityDue: visibilityDue()
        case .recoveryScan: recoveryScan()
        case let .scheduledAction(index): runScheduledAction(Int(index))
        case let .faultExpiry(expiry): expireFault(expiry)
        case let .chaosTick(generation): chaosTick(generation: generation)
        case let .chaosRecovery(node, incarnation, restart): chaosRecovery(node: Int(node), incarnation: Int(incarnation), restart: restart)
        }
    }

    // MARK: shared helpers

    func emit(
        _ kind: EventKind, node: NodeID? = nil, task: TaskID? = nil, run: RunID? = nil, detail: EventDetail = .none
    ) {
        events.record(time: now, kind: kind, node: node, task: task, run: run ?? task?.run, detail: detail)
    }

    /// Inlined: it runs after every lease and write, almost always with nothing to report.
    @inline(__always)
    func report(_ violations: [InvariantViolation], node: NodeID? = nil, task: TaskID? = nil) {
        guard !violations.isEmpty else { return }
        for violation in violations {
            emit(.invariantViolated, node: node, task: task, detail: .reason("\(violation.rule.rawValue): \(violation.detail)"))
        }
    }

    /// The printable identity of a queued task.
    public func taskID(for ref: TaskRef) -> TaskID {
        let spec = runs[Int(ref.runSlot)].spec
        return TaskID(run: spec.id, iteration: Int(ref.iteration), shard: ShardPlanner.shardKey(for: spec, index: Int(ref.shard)))
    }

    /// Derives a per-task value from the seed and the task's identity, independent of the order
    /// in which tasks happen to run.
    func taskDraw(_ ref: TaskRef, salt: UInt64) -> UInt64 {
        let key = (UInt64(UInt32(bitPattern: ref.runSlot)) << 44) ^ (UInt64(UInt32(bitPattern: ref.iteration)) << 32)
            ^ UInt64(UInt32(bitPattern: ref.shard))
        return SplitMix64.mix(SplitMix64.mix(configuration.seed ^ salt) ^ key)
    }

    /// The virtual work one shard needs (before any slow factor).
    func work(for ref: TaskRef) -> VirtualDuration {
        let range = runs[Int(ref.runSlot)].spec.work
        let span = UInt64(range.upperBound.microseconds - range.lowerBound.microseconds)
        let draw = span == 0 ? 0 : taskDraw(ref, salt: 0x776F_726B) % (span + 1)
        return range.lowerBound + .microseconds(Int64(draw))
    }

    /// The residual a shard contributes to convergence; halves every iteration.
    func residual(for ref: TaskRef) -> Double {
        let unit = Double(taskDraw(ref, salt: 0x7265_7369_6475) >> 11) * 0x1.0p-53
        return unit / Double(1 << min(30, Int(ref.iteration) - 1))
    }

    /// `nodes[index].acceptsWork`, spelled out over stored fields: calling the computed property
    /// on an array element copies the whole node first (retaining its name and slots), and
    /// this runs on every pull and every lease.
    /// Debug builds check it against the property, so the two cannot drift apart.
    @inline(__always)
    func acceptsWork(_ index: Int) -> Bool {
        let accepts = !nodes[index].isKilled && nodes[index].health == .healthy && !nodes[index].faults.isPartitioned
            && nodes[index].activeCount < nodes[index].maxConcurrency
        assert(accepts == nodes[index].acceptsWork, "acceptsWork(_:) mirrors NodeOrchestrator.acceptsWork")
        return accepts
    }

    /// `nodes[index].freeSlot` without the copy (see `acceptsWork(_:)`).
    @inline(__always)
    func freeSlot(_ index: Int) -> Int? {
        let slot = nodes[index].activeCount < nodes[index].maxConcurrency ? nodes[index].slots.firstIndex(where: { $0 == nil }) : nil
        assert(slot == nodes[index].freeSlot, "freeSlot(_:) mirrors NodeOrchestrator.freeSlot")
        return slot
    }

    /// Asks a node to look for work now, unless it cannot or already will.
    func requestPull(_ index: Int) {
        guard acceptsWork(index), !nodes[index].isPullPending else { return }
        nodes[index].isPullPending = true
        nodes[index].isWaiting = false
        scheduler.schedule(.pull(node: Int32(index), incarnation: Int32(nodes[index].incarnation)), at: now)
    }

    /// A message became visible for `target`: wake the target if it is idle, otherwise one idle
    /// node that may steal it. Nodes are woken by events, never by polling.
    func announceReady(target: NodeID) {
        if nodes[target.index].isWaiting {
            requestPull(target.index)
            return
        }
        while let candidate = waitingNodes.popFirst() {
            let index = Int(candidate)
            guard nodes[index].isWaiting else { continue }
            nodes[index].isWaiting = false
            if acceptsWork(index) {
                requestPull(index)
                return
            }
        }
    }

    func becomeIdle(_ index: Int) {
        guard !nodes[index].isWaiting else { return }
        nodes[index].isWaiting = true
        waitingNodes.append(Int32(index))
        // Entries of nodes woken by another path stay behind; drop them before they pile up.
        if waitingNodes.count > 4 * nodes.count + 64 {
            var seen = Set<Int32>()
            waitingNodes = Deque(waitingNodes.filter { nodes[Int($0)].isWaiting && seen.insert($0).inserted })
        }
    }
}
