import AureonEngine

/// Checks the brief's invariants (§4) live, fed only by the event stream.
///
/// It never asks a component what it thinks: each rule keeps its own shadow of the facts the
/// events state (who holds which lease with which token until when, what was committed, which
/// nodes were drained, killed or declared dead, which faults are in force), and a component
/// that breaks an invariant shows up as an event that disagrees with that shadow. One file per
/// rule in this folder; reproducibility needs two runs (`ReproducibilityCheck`).
///
/// Cost per event: a switch on the kind; for the kinds that name a task, a few array reads to
/// its dense slot (`ShadowIndex`) and a few array reads and writes per rule.
/// Events come as plain records, their task and run by slot; the checker's own table of run
/// names (filled by ``register(_:slot:)`` as runs are admitted) is read only to word a
/// violation (and to remember which run a liveness report names). It is its own, not the
/// event log's handed over with every event: passing that out of the simulation object
/// retained and released its arrays for every event. Nothing is
/// allocated unless something is wrong: the returned array is the empty literal, and details
/// are formatted only for a violation. A task's first sighting starts a shadow in each rule's
/// arrays; a completed iteration's tasks are retired, so memory follows the live work
/// (`ShadowIndex`).
public struct InvariantChecker: Sendable {
    /// Violations kept in detail; the count goes on past it.
    public static let retainedViolations = 100

    private var index = ShadowIndex()
    private var nodes: NodeShadow
    private var exactlyOnce = ExactlyOnceRule()
    private var singleLease = SingleLeaseRule()
    private var fencing = FencingRule()
    private let availability: AvailabilityRule
    private var progress = ProgressRule()
    private var liveness: LivenessRule
    /// The admitted runs' names, by slot: for wording violations only.
    private var names = RunNameTable()

    /// The first `retainedViolations` violations found.
    public private(set) var violations: [InvariantViolation] = []
    public private(set) var violationCount = 0

    public init(configuration: ClusterConfiguration) {
        nodes = NodeShadow(nodeCount: configuration.nodeCount)
        availability = AvailabilityRule(naming: configuration.naming)
        liveness = LivenessRule(bound: configuration.effectiveLivenessBound)
    }

    public var holds: Bool { violationCount == 0 }
    public var duplicateCommits: Int { exactlyOnce.duplicateCommits }
    public var staleWritesAccepted: Int { fencing.staleWritesAccepted }
    /// Shards found neither committed nor dead-lettered when their iteration or run completed.
    public var lostShards: Int { exactlyOnce.lostShards }

    /// Runs registered so far (slots `0..<namedRunCount`).
    var namedRunCount: Int { names.count }

    /// Names the run admitted at `slot` before any event refers to it; slots come in order.
    mutating func register(_ spec: RunSpec, slot: Int) { names.register(spec, slot: slot) }

    /// Feeds one event to every rule that needs it; returns the violations it revealed (empty,
    /// without allocating, when there are none). Events must come in history order.
    mutating func observe(_ event: EventRecord) -> [InvariantViolation] {
        var found: [InvariantViolation] = []
        switch event.kind {
        case .shardLeased, .taskRedelivered:
            // Judged from the node alone (even for a retired run's task), against the node
            // shadow as it stood before this event: acquisitions change no node.
            availability.observe(event, nodes: nodes, names: names, into: &found)
            guard let slot = taskSlot(of: event, names: names, into: &found) else { break }
            singleLease.observe(event, slot: slot.task, names: names, into: &found)
            fencing.observe(event, slot: slot.task, nodes: nodes, names: names, into: &found)
            progress.observe(event, slot: slot.task, names: names, into: &found)
        case .leaseRenewed, .leaseExpired, .taskFailed:
            guard let slot = taskSlot(of: event, names: names, into: &found) else { break }
            singleLease.observe(event, slot: slot.task, names: names, into: &found)
            fencing.observe(event, slot: slot.task, nodes: nodes, names: names, into: &found)
        case .checkpointSaved:
            guard let slot = taskSlot(of: event, names: names, into: &found) else { break }
            fencing.observe(event, slot: slot.task, nodes: nodes, names: names, into: &found)
            progress.observe(event, slot: slot.task, names: names, into: &found)
        case .taskCommitted:
            guard let slot = taskSlot(of: event, names: names, into: &found) else { break }
            fencing.observe(event, slot: slot.task, nodes: nodes, names: names, into: &found)
            exactlyOnce.observeTask(event, slot: slot, names: names, into: &found)
            liveness.committed(run: slot.run, at: event.time)
        case .validationRejected:
            guard let slot = taskSlot(of: event, names: names, into: &found) else { break }
            // Fencing first: it judges the write against the lease the rejection then ends.
            fencing.observe(event, slot: slot.task, nodes: nodes, names: names, into: &found)
            singleLease.observe(event, slot: slot.task, names: names, into: &found)
            exactlyOnce.observeTask(event, slot: slot, names: names, into: &found)
            progress.observe(event, slot: slot.task, names: names, into: &found)
        case .deadLettered, .alreadyCommitted:
            guard let slot = taskSlot(of: event, names: names, into: &found) else { break }
            exactlyOnce.observeTask(event, slot: slot, names: names, into: &found)
        case .runScheduled, .iterationCompleted, .runCompleted:
            guard event.runSlot >= 0 else { break }
            let run = runSlot(of: event.runSlot)
            if case let .runPlan(shards, iteration, _, _) = event.detail {
                index.follow(run, iteration: iteration, shards: shards)
                reserve(additionalTasks: shards)
            }
            exactlyOnce.observeRun(event, run: run, names: names, into: &found)
            liveness.observeRun(event, run: run, names: names)
            switch (event.kind, event.detail) {
            case let (.iterationCompleted, .iteration(number, _)): index.retire(run, through: number)
            case (.runCompleted, _): index.retire(run, through: .max)
            default: break
            }
        case .nodeJoined, .nodeDraining, .nodeResumed, .nodeKilled, .nodeRestarted, .nodeDead, .nodeRejoined:
            if nodes.observe(event) { liveness.restartClocks(at: event.time) }
        case .faultInjected, .faultCleared:
            liveness.observeFault(event)
        default:
            break
        }
        return record(found)
    }

    /// Judges liveness at `now`; the simulation calls it periodically (any period shorter than
    /// the liveness bound; a stall is reported once, at the first check past its bound).
    public mutating func checkLiveness(now: VirtualTime) -> [InvariantViolation] {
        var found: [InvariantViolation] = []
        liveness.check(now: now, nodesAvailable: nodes.availableCount > 0, into: &found)
        return record(found)
    }

    /// The slot of the event's task, its shadows started if it is new; nil when the event names
    /// no task, or one of a retired run (which only the exactly-once rule still judges).
    private mutating func taskSlot(of event: EventRecord, names: RunNameTable, into found: inout [InvariantViolation]) -> ShadowIndex.TaskSlot? {
        guard let task = event.task else { return nil }
        switch index.lookUp(task) {
        case let .retired(run):
            exactlyOnce.observeRetired(event, run: run, names: names, into: &found)
            return nil
        case let .live(slot):
            if slot.newRun { addRun() }
            if slot.newTask {
                exactlyOnce.startTask(slot.task)
                singleLease.startTask(slot.task)
                fencing.startTask(slot.task)
                progress.startTask(slot.task)
            }
            return slot
        }
    }

    private mutating func runSlot(of id: Int32) -> Int {
        let run = index.slot(of: id)
        if run.isNew { addRun() }
        return run.slot
    }

    private mutating func addRun() {
        exactlyOnce.addRun()
        liveness.addRun()
    }

    private mutating func reserve(additionalTasks count: Int) {
        exactlyOnce.reserve(additionalTasks: count)
        singleLease.reserve(additionalTasks: count)
        fencing.reserve(additionalTasks: count)
        progress.reserve(additionalTasks: count)
    }

    private mutating func record(_ found: [InvariantViolation]) -> [InvariantViolation] {
        guard !found.isEmpty else { return found }
        violationCount += found.count
        violations.append(contentsOf: found.prefix(max(0, Self.retainedViolations - violations.count)))
        return found
    }
}
