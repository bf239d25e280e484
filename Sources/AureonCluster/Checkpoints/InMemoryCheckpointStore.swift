/// The default store: records in memory, the newest `historyLimit` kept per task.
///
/// Capping the history bounds memory on long runs; only the latest record matters for
/// recovery, the rest is there for the console's checkpoint history.
///
/// Why not `[TaskID: [CheckpointRecord]]`: on the million-shard benchmark that dictionary cost
/// about a tenth of all instructions (a SipHash of every task id, a one-element array allocated
/// per task) and more than half of the peak memory. Records live in one flat array instead,
/// chained per task (doubly, so dropping the oldest is O(1)); a `TaskChainTable` finds a task's
/// chain with a cheap integer mix. Slots of dropped records are reused, so memory stays bounded
/// by tasks × `historyLimit`, as before. Records are kept packed (`PackedCheckpointRecord`)
/// and spelled out only when read.
public final class InMemoryCheckpointStore: CheckpointStore {
    var records: ContiguousArray<PackedCheckpointRecord> = []
    /// The run, dataset and node names the packed records refer to.
    var names = CheckpointNames()
    /// Per record: the next older / newer record of the same task, or -1.
    var older: ContiguousArray<Int32> = []
    var newer: ContiguousArray<Int32> = []
    /// Record slots freed by the history cap, reused before the array grows.
    var freeSlots: [Int32] = []
    var chains = TaskChainTable()
    public let historyLimit: Int
    public internal(set) var savedCount = 0
    /// Records held at once (indices are `Int32`): far above what memory allows anyway.
    public static let recordCapacity = Int(Int32.max)

    public init(historyLimit: Int = 8) {
        precondition(historyLimit >= 1)
        self.historyLimit = historyLimit
    }

    public func save(_ record: CheckpointRecord) throws(CheckpointStoreError) {
        keep(PackedCheckpointRecord(record, names: &names))
    }

    /// Packs the draft without spelling out its names: its nodes by index (see `CheckpointNames`).
    public func save(_ draft: CheckpointDraft) throws(CheckpointStoreError) {
        let node = names.nodeIndex(of: draft.node, in: draft.nodeNames)
        let target = names.nodeIndex(of: draft.targetNode, in: draft.nodeNames)
        keep(PackedCheckpointRecord(draft, node: node, targetNode: target, names: &names))
    }

    /// Adds a packed record as its task's newest, dropping the oldest beyond `historyLimit`.
    private func keep(_ packed: PackedCheckpointRecord) {
        let slot = store(packed)
        if let position = chains.find(packed.task, matches: { records[Int($0.newest)].task == packed.task }) {
            var chain = chains.chain(at: position)
            older[slot] = chain.newest
            newer[Int(chain.newest)] = Int32(slot)
            chain.newest = Int32(slot)
            chain.count += 1
            if Int(chain.count) > historyLimit {
                let dropped = Int(chain.oldest)
                chain.oldest = newer[dropped]
                older[Int(chain.oldest)] = -1
                chain.count -= 1
                freeSlots.append(Int32(dropped))
            }
            chains.setChain(chain, at: position)
        } else {
            chains.insert(packed.task, chain: .init(newest: Int32(slot), oldest: Int32(slot), count: 1))
        }
        savedCount += 1
    }

    public func reserveCapacity(forAdditionalTasks count: Int) {
        chains.reserveCapacity(chains.count + count)
        records.reserveCapacity(records.count + count)
        older.reserveCapacity(older.count + count)
        newer.reserveCapacity(newer.count + count)
    }

    /// Frees every record of a finished run (their slots are reused) and rebuilds the index
    /// from the surviving chains: linear probing has no cheap delete, and this runs once a run.
    public func discardRecords(of run: RunID) {
        guard let runIndex = names.runs.index(of: run.rawValue) else { return }
        let chainsNow = chains.allChains
        var survivors: [TaskChainTable.Chain] = []
        survivors.reserveCapacity(chainsNow.count)
        for chain in chainsNow {
            guard records[Int(chain.newest)].task.run == runIndex else {
                survivors.append(chain)
                continue
            }
            var slot = chain.oldest
            while slot >= 0 {
                let next = newer[Int(slot)]
                freeSlots.append(slot)
                slot = next
            }
        }
        guard survivors.count < chainsNow.count else { return }
        var rebuilt = TaskChainTable()
        rebuilt.reserveCapacity(survivors.count)
        for chain in survivors { rebuilt.insert(records[Int(chain.newest)].task, chain: chain) }
        chains = rebuilt
    }

    public func latest(for task: TaskID) throws(CheckpointStoreError) -> CheckpointRecord? {
        position(of: task).map { records[Int(chains.chain(at: $0).newest)].unpacked(names: names) }
    }

    public func all(for task: TaskID) throws(CheckpointStoreError) -> [CheckpointRecord] {
        guard let position = position(of: task) else { return [] }
        var result: [CheckpointRecord] = []
        var slot = chains.chain(at: position).oldest
        while slot >= 0 {
            result.append(records[Int(slot)].unpacked(names: names))
            slot = newer[Int(slot)]
        }
        return result
    }

    public func latestRecords() throws(CheckpointStoreError) -> [CheckpointRecord] {
        chains.allChains.map { records[Int($0.newest)].unpacked(names: names) }.sorted { $0.task.description < $1.task.description }
    }

    /// Puts a record in a free slot (or a new one) with no links yet; returns the slot.
    private func store(_ record: PackedCheckpointRecord) -> Int {
        if let free = freeSlots.popLast() {
            let slot = Int(free)
            records[slot] = record
            older[slot] = -1
            newer[slot] = -1
            return slot
        }
        precondition(records.count < Self.recordCapacity, "checkpoint store over capacity")
        records.append(record)
        older.append(-1)
        newer.append(-1)
        return records.count - 1
    }

    /// Where `task`'s chain is in the index; a run the store never saw has none.
    private func position(of task: TaskID) -> Int? {
        guard let run = names.runs.index(of: task.run.rawValue) else { return nil }
        guard let packed = PackedCheckpointRecord.PackedTask(task, run: run) else { return nil }
        return chains.find(packed) { records[Int($0.newest)].task == packed }
    }
}
