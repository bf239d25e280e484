/// Invariant 1: every scheduled shard is committed exactly once, or dead-lettered; none lost.
///
/// Fed by `task_committed`, `dead_lettered`, `validation_rejected` and `already_committed` per
/// task, and by `run_scheduled` (how many shards an iteration has), `iteration_completed` and
/// `run_completed` per run. Shards are counted per iteration rather than listed, so a shard
/// that was never leased at all (and so never named by any event) still counts as lost.
struct ExactlyOnceRule: Sendable {
    /// The optional first, so that the flags share its tag's word: 16 bytes a task, not 24.
    private struct TaskShadow: Sendable {
        /// The token of the latest attempt whose result validation rejected.
        var rejectedToken: UInt64?
        var committed = false
        var deadLettered = false
    }

    private struct RunShadow: Sendable {
        var iteration = 0
        var planned = 0
        var settled = 0
        var closed = true
        /// Shards counted lost over all the run's iterations.
        var lost = 0
    }

    private var tasks: [TaskShadow] = []
    private var runs: [RunShadow] = []
    private(set) var duplicateCommits = 0
    /// Shards found neither committed nor dead-lettered when their iteration or run completed.
    private(set) var lostShards = 0

    mutating func startTask(_ slot: Int) { tasks.start(slot, with: TaskShadow()) }
    mutating func addRun() { runs.append(RunShadow()) }
    mutating func reserve(additionalTasks count: Int) { tasks.reserveCapacity(tasks.count + count) }

    mutating func observeTask(_ event: EventRecord, slot: ShadowIndex.TaskSlot, names: RunNameTable, into found: inout [InvariantViolation]) {
        let task = tasks[slot.task]
        switch event.kind {
        case .taskCommitted:
            if task.committed || task.deadLettered {
                duplicateCommits += 1
                found.append(.init(.exactlyOnce, at: event, names: names, "\(event.taskName(names)) committed \(task.committed ? "twice" : "after it was dead-lettered")"))
            } else {
                settle(slot, iteration: event.task.map { Int($0.iteration) })
            }
            if let rejected = task.rejectedToken, event.detail.token?.value == rejected {
                found.append(.init(.exactlyOnce, at: event, names: names, "\(event.taskName(names)) committed with token \(rejected), whose result validation rejected"))
            }
            tasks[slot.task].committed = true
        case .deadLettered:
            if task.committed || task.deadLettered {
                found.append(.init(.exactlyOnce, at: event, names: names, "\(event.taskName(names)) dead-lettered after it was \(task.committed ? "committed" : "dead-lettered")"))
            } else {
                settle(slot, iteration: event.task.map { Int($0.iteration) })
            }
            tasks[slot.task].deadLettered = true
        case .validationRejected:
            if task.committed {
                found.append(.init(.exactlyOnce, at: event, names: names, "\(event.taskName(names)) rejected by validation after its result was committed"))
            }
            tasks[slot.task].rejectedToken = event.detail.token?.value
        case .alreadyCommitted:
            if !task.committed {
                found.append(.init(.exactlyOnce, at: event, names: names, "\(event.taskName(names)) acked as already committed, but it was never committed"))
            }
        default:
            break
        }
    }

    mutating func observeRun(_ event: EventRecord, run: Int, names: RunNameTable, into found: inout [InvariantViolation]) {
        switch (event.kind, event.detail) {
        case let (.runScheduled, .runPlan(shards, iteration, _, _)):
            close(run, at: event, names: names, into: &found)
            runs[run] = RunShadow(iteration: iteration, planned: shards, settled: 0, closed: false, lost: runs[run].lost)
        case let (.iterationCompleted, .iteration(number, _)) where number == runs[run].iteration:
            close(run, at: event, names: names, into: &found)
        case (.runCompleted, _):
            close(run, at: event, names: names, into: &found)
        default:
            break
        }
    }

    /// A task of a completed (retired) iteration was committed or dead-lettered: each of its
    /// shards was settled or counted lost already. A commit counts as a duplicate when the run
    /// lost none (when it did, it may be a late first commit of a lost one).
    mutating func observeRetired(_ event: EventRecord, run: Int, names: RunNameTable, into found: inout [InvariantViolation]) {
        guard event.kind == .taskCommitted || event.kind == .deadLettered else { return }
        if event.kind == .taskCommitted, runs[run].lost == 0 { duplicateCommits += 1 }
        let verb = event.kind == .taskCommitted ? "committed" : "dead-lettered"
        found.append(.init(.exactlyOnce, at: event, names: names, "\(event.taskName(names)) \(verb) after its iteration completed with every shard settled or lost"))
    }

    /// A task of the run's open iteration settled (a late settle of a closed one was counted
    /// lost already).
    private mutating func settle(_ slot: ShadowIndex.TaskSlot, iteration: Int?) {
        guard !runs[slot.run].closed, runs[slot.run].iteration == iteration else { return }
        runs[slot.run].settled += 1
    }

    private mutating func close(_ run: Int, at event: EventRecord, names: RunNameTable, into found: inout [InvariantViolation]) {
        guard !runs[run].closed else { return }
        runs[run].closed = true
        let lost = runs[run].planned - runs[run].settled
        guard lost > 0 else { return }
        lostShards += lost
        runs[run].lost += lost
        let name = event.runSlot >= 0 ? names.id(ofRunAt: event.runSlot).description : "a run"
        found.append(.init(.exactlyOnce, at: event, names: names,
                           "\(name) iteration \(runs[run].iteration) ended with \(lost) of \(runs[run].planned) shards neither committed nor dead-lettered"))
    }
}
