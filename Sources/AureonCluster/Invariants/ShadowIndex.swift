/// Dense slots for the tasks and runs the checker has seen, so that every rule keeps its shadow
/// in plain arrays indexed by slot.
///
/// Cost per event that names a task: one dictionary lookup. `TaskID` hashes its numbers only
/// (iteration and shard bounds) and its equality compares the run's name, a short string held
/// inline, so the lookup allocates nothing. A task's first sighting also looks its run up by
/// name and appends one entry to each rule's arrays (amortised growth, reserved ahead by
/// `run_scheduled`). Memory grows with the tasks ever seen: about 80 bytes of index and
/// 100 bytes of shadows per task.
struct ShadowIndex: Sendable {
    private var taskSlots: [TaskID: Int32] = [:]
    /// The run slot of each task slot.
    private var runOfTask: [Int32] = []
    private var runSlots: [RunID: Int32] = [:]

    /// A task's slot and its run's slot; `newTask` / `newRun` say whether either was first seen
    /// now (the caller then grows the rules' arrays, in that order: run first).
    struct TaskSlot {
        let task: Int
        let run: Int
        let newTask: Bool
        let newRun: Bool
    }

    mutating func slot(of task: TaskID) -> TaskSlot {
        if let slot = taskSlots[task] {
            return TaskSlot(task: Int(slot), run: Int(runOfTask[Int(slot)]), newTask: false, newRun: false)
        }
        let run = slot(of: task.run)
        let slot = runOfTask.count
        taskSlots[task] = Int32(slot)
        runOfTask.append(Int32(run.slot))
        return TaskSlot(task: slot, run: run.slot, newTask: true, newRun: run.isNew)
    }

    mutating func slot(of run: RunID) -> (slot: Int, isNew: Bool) {
        if let slot = runSlots[run] { return (Int(slot), false) }
        let slot = runSlots.count
        runSlots[run] = Int32(slot)
        return (slot, true)
    }

    /// Makes room for a run's next iteration before its tasks arrive.
    mutating func reserve(additionalTasks count: Int) {
        taskSlots.reserveCapacity(taskSlots.count + count)
        runOfTask.reserveCapacity(runOfTask.count + count)
    }
}
