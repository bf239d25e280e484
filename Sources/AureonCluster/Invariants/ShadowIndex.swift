/// Dense slots for the tasks and runs the checker follows, so that every rule keeps its
/// shadow in plain arrays indexed by slot.
///
/// Cost per event that names a task: one dictionary lookup. `TaskID` hashes its numbers only
/// (iteration and shard bounds) and its equality compares the run's name, a short string held
/// inline, so the lookup allocates nothing. A task's first sighting also looks its run up by
/// name and starts one entry in each rule's arrays (amortised growth, reserved ahead by
/// `run_scheduled`). Memory: about 80 bytes of index and 120 bytes of shadows per live task.
///
/// Memory follows the live work, not the whole history: when an iteration (or its run)
/// completes, its tasks are retired and their slots serve later tasks. Every shard of a
/// completed iteration was settled or counted lost, so what a retired task can still do wrong
/// is to be settled again, and the checker judges that from its run alone (`Lookup.retired`).
struct ShadowIndex: Sendable {
    private var taskSlots: [TaskID: Int32] = [:]
    /// The run slot of each task slot.
    private var runOfTask: [Int32] = []
    /// Slots of retired tasks; the last is handed out next.
    private var freeSlots: [Int32] = []
    private var runSlots: [RunID: Int32] = [:]
    /// Per run slot, the iterations up to which its tasks are retired (0: none).
    private var retiredThrough: [Int] = []

    /// A followed task's slot and its run's slot; `newTask` / `newRun` say whether either was
    /// first seen now (the caller then starts the rules' shadows, the run's first).
    struct TaskSlot {
        let task: Int
        let run: Int
        let newTask: Bool
        let newRun: Bool
    }

    enum Lookup {
        case live(TaskSlot)
        /// A task of a completed iteration, no longer followed.
        case retired(run: Int)
    }

    mutating func lookUp(_ task: TaskID) -> Lookup {
        if let slot = taskSlots[task] {
            return .live(TaskSlot(task: Int(slot), run: Int(runOfTask[Int(slot)]), newTask: false, newRun: false))
        }
        let run = slot(of: task.run)
        if task.iteration <= retiredThrough[run.slot] { return .retired(run: run.slot) }
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = Int(free)
            runOfTask[slot] = Int32(run.slot)
        } else {
            slot = runOfTask.count
            runOfTask.append(Int32(run.slot))
        }
        taskSlots[task] = Int32(slot)
        return .live(TaskSlot(task: slot, run: run.slot, newTask: true, newRun: run.isNew))
    }

    mutating func slot(of run: RunID) -> (slot: Int, isNew: Bool) {
        if let slot = runSlots[run] { return (Int(slot), false) }
        let slot = retiredThrough.count
        runSlots[run] = Int32(slot)
        retiredThrough.append(0)
        return (slot, true)
    }

    /// Stops following the tasks of `run`'s iterations up to `iteration` (all of them when the
    /// run completes) and frees their slots. Costs one pass over the tasks followed, once per
    /// iteration.
    mutating func retire(_ run: RunID, through iteration: Int) {
        guard let slot = runSlots[run], iteration > retiredThrough[Int(slot)] else { return }
        retiredThrough[Int(slot)] = iteration
        var freed: [Int32] = []
        taskSlots = taskSlots.filter { entry in
            guard entry.key.run == run, entry.key.iteration <= iteration else { return true }
            freed.append(entry.value)
            return false
        }
        // Sorted, so that which slot serves which later task never depends on hashing.
        freeSlots.append(contentsOf: freed.sorted(by: >))
    }

    /// An iteration scheduled is followed, even under the name of a completed run.
    mutating func follow(_ run: Int, iteration: Int) { retiredThrough[run] = min(retiredThrough[run], iteration - 1) }

    /// Makes room for a run's next iteration before its tasks arrive.
    mutating func reserve(additionalTasks count: Int) {
        taskSlots.reserveCapacity(taskSlots.count + count)
        runOfTask.reserveCapacity(runOfTask.count + max(0, count - freeSlots.count))
    }
}

extension Array {
    /// Starts the shadow of a slot `ShadowIndex` handed out: a new one at the end, or a
    /// retired one reused.
    mutating func start(_ slot: Int, with shadow: Element) {
        if slot == count { append(shadow) } else { self[slot] = shadow }
    }
}
