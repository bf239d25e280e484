import AureonEngine

/// The names behind the run slots that recorded events carry: each run's id, its name's UTF-8
/// bytes (cached once), and how its shard indices map to shard keys.
///
/// Why: events name their task and run by slot (`TaskRef`, plain integers), so recording,
/// copying and checking an event retains no string. The printable `TaskID` and `RunID` are
/// built from here only when a view, the JSON output or an invariant violation asks, and the
/// trace hash folds the cached bytes exactly as it folded the name's string, so every hash is
/// the one the names gave. Slots are the supervisor's: handed out in order and never reused,
/// so a slot names one run for the whole history (and a snapshot's copy names the same runs).
///
/// One reference inside, copied on write: the table rides along with every event recorded
/// (the log hashes through it, the checker's rules take it to word a violation), and each
/// pass of a value with four arrays in it cost four retains and four releases per event.
struct RunNameTable: Sendable {
    /// Shared between copies until one of them registers a run.
    private final class Storage: @unchecked Sendable {
        // Unchecked: mutated only through `RunNameTable.register`, after making it unique.
        var ids: [RunID] = []
        var layouts: [ShardLayout] = []
        /// Every name's UTF-8 bytes back to back: run `slot`'s are `bytes[ends[slot - 1]..<ends[slot]]`.
        var bytes: [UInt8] = []
        var ends: [Int] = []

        func copy() -> Storage {
            let copy = Storage()
            copy.ids = ids
            copy.layouts = layouts
            copy.bytes = bytes
            copy.ends = ends
            return copy
        }
    }

    private var storage = Storage()

    /// Runs registered so far.
    var count: Int { storage.ids.count }

    /// Adds the run admitted at `slot`; slots come in order from 0.
    mutating func register(_ spec: RunSpec, slot: Int) {
        precondition(slot == storage.ids.count, "run slots are registered in order (got \(slot), expected \(storage.ids.count))")
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        storage.ids.append(spec.id)
        storage.layouts.append(ShardLayout(spec))
        storage.bytes.append(contentsOf: spec.id.rawValue.utf8)
        storage.ends.append(storage.bytes.count)
    }

    func id(ofRunAt slot: Int32) -> RunID { storage.ids[Int(slot)] }

    /// The printable identity of a task of a registered run.
    func taskID(for ref: TaskRef) -> TaskID {
        let slot = Int(ref.runSlot)
        return TaskID(run: storage.ids[slot], iteration: Int(ref.iteration), shard: storage.layouts[slot].key(at: Int(ref.shard)))
    }

    /// Folds the run's name into `hasher`, as `TraceHasher.combine(_: String)` does.
    func hashName(ofRunAt slot: Int32, into hasher: inout TraceHasher) {
        let end = storage.ends[Int(slot)]
        let start = slot == 0 ? 0 : storage.ends[Int(slot) - 1]
        storage.bytes.withUnsafeBufferPointer { hasher.combine(utf8: UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    /// Folds a task's identity into `hasher`: its run's name, its iteration, its shard key (the
    /// trace hash format's spelling of a task).
    func hashTask(_ ref: TaskRef, into hasher: inout TraceHasher) {
        hashName(ofRunAt: ref.runSlot, into: &hasher)
        hasher.combine(Int(ref.iteration))
        storage.layouts[Int(ref.runSlot)].key(at: Int(ref.shard)).hash(into: &hasher)
    }

    /// The public form of a recorded event, its task and run by name.
    func event(for record: EventRecord) -> ClusterEvent {
        let task = record.task.map(taskID(for:))
        let run = task?.run ?? (record.runSlot >= 0 ? storage.ids[Int(record.runSlot)] : nil)
        return ClusterEvent(time: record.time, sequence: record.sequence, kind: record.kind, node: record.node, task: task, run: run,
                            detail: record.detail)
    }
}
