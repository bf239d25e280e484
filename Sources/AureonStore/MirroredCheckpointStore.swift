import AureonCluster

/// The store a run with `--checkpoint-dir` gives the simulation: the simulation's own
/// in-memory store, with every saved record also written to a JSON directory.
///
/// Why a mirror and not the disk store itself: the simulation treats a throwing `save` as a
/// simulated checkpoint failure (an event, a retry, a different history), so a full disk would
/// change the trace hash. Here the simulation only ever sees the in-memory store, exactly as a
/// run without a directory does (same history limit, same answers), so the history and its
/// hash never depend on the disk. The first disk error is kept in ``failure``, writing stops,
/// and the command line ends the run with that error (exit status 3).
public final class MirroredCheckpointStore: CheckpointStore {
    public let memory: InMemoryCheckpointStore
    public let disk: JSONDirectoryCheckpointStore
    /// The first disk error; after it nothing more is written.
    public private(set) var failure: FileIOError?

    public init(memory: InMemoryCheckpointStore, disk: JSONDirectoryCheckpointStore) {
        self.memory = memory
        self.disk = disk
    }

    public func save(_ record: CheckpointRecord) throws(CheckpointStoreError) {
        try memory.save(record)
        guard failure == nil else { return }
        do {
            try disk.write(record)
        } catch {
            failure = error
        }
    }

    public func latest(for task: TaskID) throws(CheckpointStoreError) -> CheckpointRecord? { try memory.latest(for: task) }
    public func all(for task: TaskID) throws(CheckpointStoreError) -> [CheckpointRecord] { try memory.all(for: task) }
    public func latestRecords() throws(CheckpointStoreError) -> [CheckpointRecord] { try memory.latestRecords() }
    public var savedCount: Int { memory.savedCount }
    public func reserveCapacity(forAdditionalTasks count: Int) { memory.reserveCapacity(forAdditionalTasks: count) }
    /// Memory gives a finished run's records back; the disk keeps them (that is what it is for).
    public func discardRecords(of run: RunID) { memory.discardRecords(of: run) }
}
