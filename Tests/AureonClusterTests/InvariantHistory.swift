import AureonEngine
@testable import AureonCluster

/// A hand-built event history for the invariant rules: events in the order added, with
/// increasing sequence numbers, at whole virtual seconds. Each helper writes the event the way
/// the Core v2 event contract (notes/events-v2.md) says its emitter does.
struct InvariantHistory {
    static let run = RunID("rqml-run-001")

    /// Shard `number` of `iteration` of the test run.
    static func task(_ number: Int, iteration: Int = 1, run: RunID = run) -> TaskID {
        TaskID(run: run, iteration: iteration, shard: .slice(start: number * 10, end: number * 10 + 10))
    }

    /// Three nodes and a one-minute liveness bound.
    static var configuration: ClusterConfiguration {
        var configuration = ClusterConfiguration()
        configuration.nodeCount = 3
        configuration.livenessBound = .seconds(60)
        return configuration
    }

    private(set) var events: [ClusterEvent] = []
    /// The same events as the simulation records them (task and run by slot), with the names
    /// behind the slots: test runs are registered in order of first mention, cut into shards of
    /// 10 items as `task(_:iteration:run:)` cuts them.
    private(set) var records: [EventRecord] = []
    private(set) var names = RunNameTable()
    private var runSlots: [RunID: Int] = [:]
    /// The runs behind the slots, for a checker to register.
    private var specs: [RunSpec] = []

    mutating func add(_ seconds: Int64, _ kind: EventKind, node: Int? = nil, task: TaskID? = nil, run: RunID? = nil,
                      _ detail: EventDetail = .none) {
        let event = ClusterEvent(time: .zero + .seconds(seconds), sequence: UInt64(events.count), kind: kind,
                                 node: node.map(NodeID.init), task: task, run: run ?? task?.run, detail: detail)
        events.append(event)
        var runSlot = -1
        if let run = event.run { runSlot = slot(of: run) }
        let ref = task.map { task -> TaskRef in
            guard case let .slice(start, _) = task.shard else { preconditionFailure("test tasks are slices") }
            return TaskRef(runSlot: runSlot, iteration: task.iteration, shard: start / 10)
        }
        records.append(EventRecord(time: event.time, sequence: event.sequence, kind: kind, node: event.node, task: ref,
                                   runSlot: Int32(runSlot), detail: detail))
    }

    private mutating func slot(of run: RunID) -> Int {
        if let slot = runSlots[run] { return slot }
        let slot = names.count
        let spec = RunSpec(id: run, items: 1_000_000, shardSize: 10)
        names.register(spec, slot: slot)
        specs.append(spec)
        runSlots[run] = slot
        return slot
    }

    /// Feeds every event to `checker`; returns what it found.
    func observe(into checker: inout InvariantChecker) -> [InvariantViolation] {
        registerRuns(with: &checker)
        return records.flatMap { checker.observe($0) }
    }

    /// Names the runs `checker` has not met yet, as the simulation does when it admits one.
    func registerRuns(with checker: inout InvariantChecker) {
        for slot in checker.namedRunCount..<specs.count { checker.register(specs[slot], slot: slot) }
    }

    mutating func schedule(at seconds: Int64, shards: Int, iteration: Int = 1, longestWork: Int64 = 10, run: RunID = run) {
        add(seconds, .runScheduled, run: run, .runPlan(shards: shards, iteration: iteration, nodes: 3, longestWork: .seconds(longestWork)))
    }

    mutating func lease(at seconds: Int64, _ task: TaskID, node: Int, token: UInt64, until deadline: Int64, incarnation: Int = 1) {
        add(seconds, .shardLeased, node: node, task: task,
            .lease(token: FencingToken(token), deadline: .zero + .seconds(deadline), stolen: false, incarnation: incarnation))
    }

    mutating func redeliver(at seconds: Int64, _ task: TaskID, node: Int, token: UInt64, until deadline: Int64,
                            resumedFrom: Double?, receiveCount: Int = 2, incarnation: Int = 1) {
        add(seconds, .taskRedelivered, node: node, task: task,
            .redelivery(token: FencingToken(token), deadline: .zero + .seconds(deadline), resumedFrom: resumedFrom,
                        receiveCount: receiveCount, incarnation: incarnation))
    }

    mutating func renew(at seconds: Int64, _ task: TaskID, node: Int, token: UInt64, until deadline: Int64) {
        add(seconds, .leaseRenewed, node: node, task: task, .renewal(token: FencingToken(token), deadline: .zero + .seconds(deadline), renewals: 1))
    }

    mutating func expire(at seconds: Int64, _ task: TaskID, node: Int, token: UInt64) {
        add(seconds, .leaseExpired, node: node, task: task, .expiry(token: FencingToken(token), holder: NodeID(node)))
    }

    mutating func checkpoint(at seconds: Int64, _ task: TaskID, node: Int, token: UInt64, progress: Double) {
        add(seconds, .checkpointSaved, node: node, task: task, .checkpoint(token: FencingToken(token), progress: progress))
    }

    /// The final checkpoint (1.0) and the commit it is.
    mutating func commit(at seconds: Int64, _ task: TaskID, node: Int, token: UInt64) {
        checkpoint(at: seconds, task, node: node, token: token, progress: 1)
        add(seconds, .taskCommitted, node: node, task: task, .commit(token: FencingToken(token), resumed: false))
    }

    mutating func fail(at seconds: Int64, _ task: TaskID, node: Int, token: UInt64) {
        add(seconds, .taskFailed, node: node, task: task, .ended(token: FencingToken(token), reason: "execution failed"))
    }

    mutating func reject(at seconds: Int64, _ task: TaskID, node: Int, token: UInt64, attempt: Int = 1) {
        add(seconds, .validationRejected, node: node, task: task, .validation(token: FencingToken(token), attempt: attempt))
    }

    mutating func alreadyCommitted(at seconds: Int64, _ task: TaskID, node: Int, token: UInt64) {
        add(seconds, .alreadyCommitted, node: node, task: task, .commit(token: FencingToken(token), resumed: false))
    }

    mutating func deadLetter(at seconds: Int64, _ task: TaskID) {
        add(seconds, .deadLettered, task: task, .reason("received more than max_receive_count times"))
    }

    mutating func completeIteration(at seconds: Int64, _ number: Int = 1, run: RunID = run) {
        add(seconds, .iterationCompleted, run: run, .iteration(number: number, residual: 0))
    }

    mutating func completeRun(at seconds: Int64, run: RunID = run) {
        add(seconds, .runCompleted, run: run, .reason("reached max_iterations 1"))
    }

    mutating func node(_ kind: EventKind, at seconds: Int64, _ node: Int, incarnation: Int? = nil) {
        add(seconds, kind, node: node, incarnation.map(EventDetail.incarnation) ?? .reason("operator"))
    }

    mutating func fault(_ kind: EventKind, at seconds: Int64, _ fault: FaultKind, node: Int? = nil) {
        add(seconds, kind, node: node, .fault(fault, label: fault.rawValue))
    }

    /// Feeds every event to a fresh checker, judging liveness at each of `livenessChecks`
    /// (seconds) once the history has reached it.
    func checked(livenessChecks: [Int64] = [], configuration: ClusterConfiguration = Self.configuration) -> InvariantChecker {
        var checker = InvariantChecker(configuration: configuration)
        registerRuns(with: &checker)
        var pending = livenessChecks.sorted()[...]
        for event in records {
            while let check = pending.first, .zero + .seconds(check) < event.time {
                _ = checker.checkLiveness(now: .zero + .seconds(check))
                pending = pending.dropFirst()
            }
            _ = checker.observe(event)
        }
        for check in pending { _ = checker.checkLiveness(now: .zero + .seconds(check)) }
        return checker
    }
}

extension InvariantChecker {
    /// The rules broken so far, each once, in the order first broken.
    var brokenRules: [InvariantViolation.Rule] {
        violations.reduce(into: []) { rules, violation in if !rules.contains(violation.rule) { rules.append(violation.rule) } }
    }
}
