/// A store whose records can be duplicated, so that a snapshot of the simulation owns its own.
///
/// Why a protocol of its own: the checkpoint store is the one reference type in the
/// simulation's state (it sits behind `any CheckpointStore` so that disk adapters can mirror
/// it). A snapshot that kept the live store would see it change as the history went on;
/// restoring it would not rewind the checkpoints. Stores that can be copied say so here.
public protocol CopyableCheckpointStore: CheckpointStore {
    /// An independent store with the same records, history limit and counters.
    func copy() -> any CheckpointStore
}

extension InMemoryCheckpointStore: CopyableCheckpointStore {
    /// Copies the flat arrays; they are copy-on-write, so this costs O(1) until either side
    /// saves again, and then one copy of the storage.
    public func copy() -> any CheckpointStore {
        let duplicate = InMemoryCheckpointStore(historyLimit: historyLimit)
        duplicate.records = records
        duplicate.names = names
        duplicate.older = older
        duplicate.newer = newer
        duplicate.freeSlots = freeSlots
        duplicate.chains = chains
        duplicate.savedCount = savedCount
        return duplicate
    }

    /// Records held, for a snapshot's size estimate.
    public var recordSlotCount: Int { records.count }
}
