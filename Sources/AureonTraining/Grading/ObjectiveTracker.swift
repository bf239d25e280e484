import AureonCluster
import AureonEngine

/// Grades an attempt as it happens: fed every event (the simulation's sink) and asked to
/// `evaluate()` between events. It only observes, so the same tracker grades a live attempt,
/// a headless one and a recording played back, and gives the same answer for the same history.
///
/// It also tells the actors apart (see ``AttemptEntry/Actor``) by reading the performed
/// actions: timed injects are scheduled at their time, conditional ones once their condition
/// has held, hints are narration lines with the hint's text, and the rest is the trainee's.
public final class ObjectiveTracker {
    public let drill: Drill
    public private(set) var statuses: [ObjectiveStatus]
    public private(set) var details: [String]
    public private(set) var entries: [AttemptEntry] = []
    /// Which hints have been released, by position.
    public private(set) var hintsUsed: [Int] = []
    /// Which injects have gone off, by position, and when.
    public private(set) var injectsFired: [Int: VirtualTime] = [:]
    /// Conditions of conditional injects that have held (latched), by inject position.
    public private(set) var triggersReached: Set<Int> = []
    /// The last time the trainee moved forward (an action, an objective met) or a hint came.
    public private(set) var quietSince = VirtualTime.zero
    public private(set) var instructorActed = false

    weak var simulation: ClusterSimulation?
    private var classified = 0
    /// Set by an instructor mark: the next action at the same instant is the instructor's.
    private var instructorNext: VirtualTime?
    private var deadLettered = 0
    private var redeliveries = 0
    private var leasesExpired = 0
    private var violations = 0
    private var commits = 0
    /// Per run: shards of its current iteration, the iteration, and how many have settled.
    private var runProgress: [RunID: (shards: Int, iteration: Int, settled: Int)] = [:]
    private var runsScheduled = 0
    private var runsCompleted = 0
    private var lastRunCompletion: VirtualTime?
    /// First disruption of each node (a fault on it, or a kill by an inject): `respond` anchors.
    private var disruptedAt: [NodeID: VirtualTime] = [:]
    private var drainingSince: [NodeID: VirtualTime] = [:]
    /// When an inject aimed at the node went off: a `respond` objective answers that inject
    /// (not whatever chaos did to the node earlier).
    private var injectedAt: [NodeID: VirtualTime] = [:]

    public init(drill: Drill) {
        self.drill = drill
        statuses = Array(repeating: .open, count: drill.objectives.count)
        details = drill.objectives.map { $0.kind.isGuard ? "holds so far" : "not yet" }
    }

    /// Attaches the simulation whose events arrive through ``observe(_:)``.
    public func attach(_ simulation: ClusterSimulation) { self.simulation = simulation }

    // MARK: events

    /// The simulation's event sink. Reads only the event, the performed actions and, for a
    /// kill, which leases the queue still holds for the node.
    public func observe(_ event: ClusterEvent) {
        classifyNewActions()
        switch event.kind {
        case .deadLettered:
            deadLettered += 1
            settle(event.run, settledAt: event)
            charge { $0.deadLettered += 1 }
        case .taskRedelivered:
            redeliveries += 1
            charge { $0.redeliveries += 1 }
        case .leaseExpired:
            leasesExpired += 1
            charge { $0.leasesExpired += 1 }
        case .staleWriteRejected: charge { $0.staleWrites += 1 }
        case .leaseAbandoned: charge { $0.leasesAbandoned += 1 }
        case .alreadyCommitted: charge { $0.alreadyCommitted += 1 }
        case .invariantViolated: violations += 1
        case .taskCommitted:
            commits += 1
            settle(event.run, settledAt: event)
        case .runScheduled:
            if case let .runPlan(shards, iteration, _, _) = event.detail, let run = event.run {
                runProgress[run] = (shards, iteration, 0)
                if iteration == 1 { runsScheduled += 1 }
            }
        case .runCompleted:
            runsCompleted += 1
            lastRunCompletion = event.time
        case .faultInjected:
            if let node = event.node, disruptedAt[node] == nil { disruptedAt[node] = event.time }
        case .nodeDraining:
            if let node = event.node { drainingSince[node] = drainingSince[node] ?? event.time }
        case .nodeResumed, .nodeRestarted:
            if let node = event.node { drainingSince[node] = nil }
        case .nodeKilled:
            if let node = event.node { killed(node, at: event.time) }
        default: break
        }
        updateGuards(at: event.time)
        latchTriggers()
    }

    private func settle(_ run: RunID?, settledAt event: ClusterEvent) {
        guard let run, let task = event.task, var progress = runProgress[run], task.iteration == progress.iteration else { return }
        progress.settled += 1
        runProgress[run] = progress
    }

    private func charge(_ update: (inout Consequences) -> Void) {
        // Consequences follow actions that change the cluster: an inject's, the trainee's or the
        // instructor's, never a hint's.
        guard let index = entries.lastIndex(where: { entry in
            switch entry.actor {
            case .setup, .hint: false
            case .inject, .trainee, .instructor: true
            }
        }) else { return }
        update(&entries[index].consequences)
    }

    private func killed(_ node: NodeID, at time: VirtualTime) {
        let byTrainee = entries.last.map { $0.time == time && $0.action == .kill(node) && $0.actor == .trainee } ?? false
        let byInject = entries.last.map { entry in
            if case .inject = entry.actor { return entry.time == time && entry.action == .kill(node) }
            return false
        } ?? false
        if byInject, disruptedAt[node] == nil { disruptedAt[node] = time }
        let held = leasesHeld(by: node)
        for (index, objective) in drill.objectives.enumerated() where statuses[index] == .open {
            switch objective.kind {
            case .noBusyKill where byTrainee && held > 0:
                fail(index, "killed \(simulation?.naming.name(of: node) ?? "a node") at \(time) while it held \(held) leases")
            case let .drainedBy(target, _) where target == node:
                if drainingSince[node] != nil, held == 0 {
                    meet(index, "drained by \(time), before it was killed", at: time)
                } else {
                    fail(index, "killed at \(time) with \(held) leases still held\(drainingSince[node] == nil ? ", never drained" : "")")
                }
            default: break
            }
        }
    }

    private func leasesHeld(by node: NodeID) -> Int {
        guard let simulation else { return 0 }
        var count = 0
        for id in 0..<simulation.queue.messageCount {
            let message = simulation.queue[MessageID(id)]
            if message.state == .leased, message.lease?.holder == node { count += 1 }
        }
        return count
    }

    // MARK: actions

    /// Reads performed actions not seen yet and decides whose each one is.
    private func classifyNewActions() {
        guard let simulation else { return }
        let performed = simulation.performedActions
        while classified < performed.count {
            let action = performed[classified]
            classified += 1
            let actor = actor(of: action)
            entries.append(AttemptEntry(time: action.time, actor: actor, action: action.action))
            switch actor {
            case let .inject(name):
                if let index = drill.injects.firstIndex(where: { $0.name == name }) { injectsFired[index] = action.time }
                for node in Self.targets(action.action) where injectedAt[node] == nil { injectedAt[node] = action.time }
            case let .hint(index):
                hintsUsed.append(index)
                quietSince = action.time
            case .trainee:
                quietSince = action.time
                traineeActed(action.action, at: action.time)
            case .instructor:
                instructorActed = true
                if let index = drill.injects.indices.first(where: { injectsFired[$0] == nil && drill.injects[$0].action == action.action }) {
                    injectsFired[index] = action.time
                }
            case .setup: break
            }
        }
    }

    private func actor(of performed: PerformedAction) -> AttemptEntry.Actor {
        if let marked = instructorNext {
            instructorNext = nil
            if marked == performed.time { return .instructor }
        }
        if case let .say(text) = performed.action {
            if text.hasPrefix(HintText.instructorPrefix) {
                instructorNext = performed.time
                return .instructor
            }
            let next = hintsUsed.count
            if next < drill.hints.count, text == HintText.line(next, drill.hints[next].text) { return .hint(next) }
        }
        if case let .schedule(spec) = performed.action, performed.origin == .scheduled,
           drill.scenario.runs.contains(where: { $0.spec == spec && .zero + $0.at == performed.time }) {
            return .setup
        }
        for (index, inject) in drill.injects.enumerated() where injectsFired[index] == nil && inject.action == performed.action {
            switch inject.trigger {
            case let .at(time) where performed.origin == .scheduled && .zero + time == performed.time: return .inject(inject.name)
            case .at: continue
            default: if performed.origin == .interactive, triggersReached.contains(index) { return .inject(inject.name) }
            }
        }
        return .trainee
    }

    private func traineeActed(_ action: OperatorAction, at time: VirtualTime) {
        for (index, objective) in drill.objectives.enumerated() where statuses[index] == .open {
            switch objective.kind {
            case let .respond(node, responses, within):
                guard let start = anchor(of: node), time <= start + within else { continue }
                if responses.contains(where: { $0.matches(action, node: node) }) {
                    meet(index, "\(action.keyword) \(time - start) after the disruption (within \(within))", at: time)
                }
            case let .onlyTouch(allowed):
                if let node = Self.touchedNode(action), !allowed.contains(node) {
                    fail(index, "\(action.keyword) of \(simulation?.naming.name(of: node) ?? "a node") at \(time)")
                }
            default: break
            }
        }
    }

    /// What a `respond` objective on `node` answers: the inject aimed at it, when the drill has one.
    private func anchor(of node: NodeID) -> VirtualTime? {
        drill.injects.contains { Self.targets($0.action).contains(node) } ? injectedAt[node] : disruptedAt[node]
    }

    private static func targets(_ action: OperatorAction) -> [NodeID] {
        switch action {
        case let .drain(node), let .resume(node), let .kill(node), let .restart(node): [node]
        case let .partition(nodes, _), let .heal(nodes): nodes
        case let .slow(node, _, _), let .flaky(node, _, _), let .checkpointFailures(node, _, _), let .clockSkew(node, _, _): [node]
        default: []
        }
    }

    private static func touchedNode(_ action: OperatorAction) -> NodeID? {
        switch action {
        case let .drain(node), let .kill(node), let .restart(node): node
        case let .partition(nodes, _): nodes.first
        default: nil
        }
    }

    // MARK: state and time

    private func updateGuards(at time: VirtualTime) {
        for (index, objective) in drill.objectives.enumerated() where statuses[index] == .open {
            switch objective.kind {
            case let .maxDeadLettered(bound) where deadLettered > bound: fail(index, "\(deadLettered) dead-lettered (at most \(bound)) by \(time)")
            case let .maxRedeliveries(bound) where redeliveries > bound: fail(index, "\(redeliveries) redeliveries (at most \(bound)) by \(time)")
            case let .maxLeasesExpired(bound) where leasesExpired > bound: fail(index, "\(leasesExpired) leases expired (at most \(bound)) by \(time)")
            case .invariantsHold where violations > 0: fail(index, "invariant violated at \(time)")
            case let .runsCompleteBy(bound) where allRunsComplete:
                let at = lastRunCompletion ?? time
                if at <= .zero + bound { meet(index, "every run complete at \(at) (by \(bound))", at: at) } else {
                    fail(index, "last run completed at \(at), after \(bound)")
                }
            default: break
            }
        }
    }

    private var allRunsComplete: Bool { runsScheduled >= drill.scenario.runs.count && runsCompleted >= runsScheduled && runsScheduled > 0 }

    private func latchTriggers() {
        for (index, inject) in drill.injects.enumerated() where !triggersReached.contains(index) {
            let reached: Bool
            switch inject.trigger {
            case .at: reached = false
            case let .commits(count): reached = commits >= count
            case let .runProgress(run, fraction):
                reached = runProgress[run].map { $0.shards > 0 && Double($0.settled) >= fraction * Double($0.shards) } ?? false
            case let .objectiveMet(name): reached = drill.objectives.firstIndex { $0.name == name }.map { statuses[$0] == .met } ?? false
            }
            if reached { triggersReached.insert(index) }
        }
    }

    /// Checks what depends on the clock and the cluster's state; call between events.
    public func evaluate() {
        guard let simulation else { return }
        classifyNewActions()
        let now = simulation.now
        for (index, objective) in drill.objectives.enumerated() where statuses[index] == .open {
            switch objective.kind {
            case let .runsCompleteBy(bound) where now > .zero + bound:
                fail(index, "\(max(0, runsScheduled - runsCompleted)) runs still incomplete at \(bound)")
            case let .drainedBy(node, at):
                let orchestrator = simulation.nodes[node.index]
                if orchestrator.health == .draining, !orchestrator.isKilled, leasesHeld(by: node) == 0, now <= .zero + at {
                    meet(index, "drained (no work in flight) at \(now), before \(at)", at: now)
                } else if now > .zero + at {
                    fail(index, "not drained by \(at)")
                }
            case let .respond(node, _, within):
                if let start = anchor(of: node), now > start + within { fail(index, "no response within \(within) of the disruption at \(start)") }
            default: break
            }
        }
        updateGuards(at: now)
        latchTriggers()
    }

    /// Ends the attempt: guards that held are met; goals whose time has not come stay open.
    public func finish() {
        evaluate()
        for (index, objective) in drill.objectives.enumerated() where statuses[index] == .open && objective.kind.isGuard {
            statuses[index] = .met
            details[index] = "held to the end"
        }
        for (index, objective) in drill.objectives.enumerated() where statuses[index] == .open {
            if case let .respond(node, _, _) = objective.kind, anchor(of: node) == nil { details[index] = "the disruption never came" } else {
                details[index] = "still open when the drill ended"
            }
        }
    }

    /// Every required objective is met or failed: nothing the trainee does can change the verdict's core.
    public var requiredSettled: Bool {
        drill.objectives.indices.allSatisfy { !drill.objectives[$0].required || statuses[$0] != .open }
    }

    private func meet(_ index: Int, _ detail: String, at time: VirtualTime) {
        statuses[index] = .met
        details[index] = detail
        quietSince = max(quietSince, time)
    }

    private func fail(_ index: Int, _ detail: String) {
        statuses[index] = .failed
        details[index] = detail
    }
}
