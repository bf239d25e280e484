/// Dense slots for the tasks and runs the checker follows, so that every rule keeps its
/// shadow in plain arrays indexed by slot.
///
/// Cost per event that names a task: the run's slot (an array read: events name runs by the
/// slot of the name table, `RunNameTable`) and two more in `TaskSlotTable` (the iteration's
/// block, the shard's entry).
/// The checker keeps slots of its own, handed out in the order it first sees each run and
/// task, so its shadows depend on nothing but the events. A task's first sighting starts one entry in each rule's arrays (amortised growth,
/// reserved ahead by `run_scheduled`). Memory: 4 bytes of index and 96 bytes of shadows per
/// live task.
///
/// Memory follows the live work, not the whole history: when an iteration (or its run)
/// completes, its tasks are retired and their slots serve later tasks. Every shard of a
/// completed iteration was settled or counted lost, so what a retired task can still do wrong
/// is to be settled again, and the checker judges that from its run alone (`Lookup.retired`).
struct ShadowIndex: Sendable {
    private var taskSlots = TaskSlotTable()
    /// Task slots handed out so far (live or free).
    private var slotsIssued = 0
    /// Slots of retired tasks; the last is handed out next.
    private var freeSlots: [Int32] = []
    /// The checker's run slot per run the events name (-1: not seen yet).
    private var runSlots: [Int32] = []
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

    mutating func lookUp(_ task: TaskRef) -> Lookup {
        let run = slot(of: task.runSlot)
        if let slot = taskSlots.slot(run: Int32(run.slot), iteration: task.iteration, shard: task.shard) {
            return .live(TaskSlot(task: Int(slot), run: run.slot, newTask: false, newRun: false))
        }
        if Int(task.iteration) <= retiredThrough[run.slot] { return .retired(run: run.slot) }
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = Int(free)
        } else {
            slot = slotsIssued
            slotsIssued += 1
        }
        taskSlots.insert(run: Int32(run.slot), iteration: task.iteration, shard: task.shard, slot: Int32(slot))
        return .live(TaskSlot(task: slot, run: run.slot, newTask: true, newRun: run.isNew))
    }

    /// The checker's slot for the run the events call `run`.
    mutating func slot(of run: Int32) -> (slot: Int, isNew: Bool) {
        precondition(run >= 0, "run slots are not negative")
        if Int(run) < runSlots.count, runSlots[Int(run)] >= 0 { return (Int(runSlots[Int(run)]), false) }
        if Int(run) >= runSlots.count { runSlots.append(contentsOf: repeatElement(-1, count: Int(run) + 1 - runSlots.count)) }
        let slot = retiredThrough.count
        runSlots[Int(run)] = Int32(slot)
        retiredThrough.append(0)
        return (slot, true)
    }

    /// Stops following the tasks of `run`'s iterations up to `iteration` (all of them when the
    /// run completes) and frees their slots. Costs one pass over the tasks followed, once per
    /// iteration.
    mutating func retire(_ slot: Int, through iteration: Int) {
        guard iteration > retiredThrough[slot] else { return }
        retiredThrough[slot] = iteration
        // In block and shard order, a function of the events alone (no hash layout), so which
        // slot serves which later task is too; reversed, the first freed is handed out first.
        let freed = taskSlots.removeIterations(ofRun: Int32(slot), through: Int32(clamping: iteration))
        freeSlots.append(contentsOf: freed.reversed())
    }

    /// An iteration scheduled is followed, even under the name of a completed run; room for
    /// its `shards` tasks is made before they arrive.
    mutating func follow(_ run: Int, iteration: Int, shards: Int) {
        retiredThrough[run] = min(retiredThrough[run], iteration - 1)
        taskSlots.reserve(run: Int32(run), iteration: Int32(clamping: iteration), shards: shards)
    }
}

extension Array {
    /// Starts the shadow of a slot `ShadowIndex` handed out: a new one at the end, or a
    /// retired one reused.
    mutating func start(_ slot: Int, with shadow: Element) {
        if slot == count { append(shadow) } else { self[slot] = shadow }
    }
}
