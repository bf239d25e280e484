/// Invariant 4: checkpoint progress of a task never goes backwards.
///
/// Fed by `checkpoint_saved` (accepted progress), `validation_rejected` (the task's checkpoints
/// are discarded: it must start again from zero) and `task_redelivered` (where the retry
/// resumes: from the latest accepted checkpoint, or from zero after a rejection).
struct ProgressRule: Sendable {
    private struct TaskShadow: Sendable {
        /// Highest accepted progress since the last rejection; nil: none.
        var accepted: Double?
        var mustRestart = false
    }

    /// Progress values are fractions computed in floating point; closer than this is equal.
    static let tolerance = 1e-9

    private var tasks: [TaskShadow] = []

    mutating func startTask(_ slot: Int) { tasks.start(slot, with: TaskShadow()) }
    mutating func reserve(additionalTasks count: Int) { tasks.reserveCapacity(tasks.count + count) }

    mutating func observe(_ event: EventRecord, slot: Int, names: RunNameTable, into found: inout [InvariantViolation]) {
        let task = tasks[slot]
        switch (event.kind, event.detail) {
        case let (.checkpointSaved, .checkpoint(_, progress)):
            if let accepted = task.accepted, progress + Self.tolerance < accepted {
                found.append(.init(.progressMonotonic, at: event, names: names, "\(event.taskName(names)) checkpoint went back from \(accepted) to \(progress)"))
            }
            tasks[slot] = TaskShadow(accepted: max(task.accepted ?? progress, progress), mustRestart: false)
        case (.validationRejected, _):
            tasks[slot] = TaskShadow(accepted: nil, mustRestart: true)
        case let (.taskRedelivered, .redelivery(_, _, resumedFrom, _, _)):
            let resumed = resumedFrom ?? 0
            if task.mustRestart, resumed > Self.tolerance {
                found.append(.init(.progressMonotonic, at: event, names: names,
                                   "\(event.taskName(names)) resumed from \(resumed) after validation rejected its result (must restart from zero)"))
            } else if let accepted = task.accepted, resumed + Self.tolerance < accepted {
                found.append(.init(.progressMonotonic, at: event, names: names,
                                   "\(event.taskName(names)) resumed from \(resumed), below its latest accepted checkpoint \(accepted)"))
            }
        default:
            break
        }
    }
}
