/// Where checkpoints live (the seed's `CheckpointStore`). Implementations must keep, per task,
/// the records in save order and answer `latest` with the newest one.
public protocol CheckpointStore: AnyObject {
    /// Saves a record. Throws when the medium fails; the caller treats that as a failed write.
    func save(_ record: CheckpointRecord) throws(CheckpointStoreError)
    /// Saves a record the broker wrote as plain data; the same as saving `draft.record`.
    func save(_ draft: CheckpointDraft) throws(CheckpointStoreError)
    /// The newest record of a task, if any.
    func latest(for task: TaskID) throws(CheckpointStoreError) -> CheckpointRecord?
    /// A task's records, oldest first (possibly capped to the newest few).
    func all(for task: TaskID) throws(CheckpointStoreError) -> [CheckpointRecord]
    /// The newest record of every task, ordered by task id text.
    func latestRecords() throws(CheckpointStoreError) -> [CheckpointRecord]
    /// Number of records saved since the store was opened.
    var savedCount: Int { get }
    /// A hint that about `count` more tasks are coming, so storage can grow once, not often.
    func reserveCapacity(forAdditionalTasks count: Int)
    /// The run is finished: a store may drop its records (memory), or keep them (disk).
    func discardRecords(of run: RunID)
}

extension CheckpointStore {
    /// A store that keeps records spelled out spells the draft out.
    public func save(_ draft: CheckpointDraft) throws(CheckpointStoreError) { try save(draft.record) }

    public func reserveCapacity(forAdditionalTasks count: Int) {}
    /// Durable stores keep a finished run's history; only memory needs reclaiming.
    public func discardRecords(of run: RunID) {}
}

/// A checkpoint store failure, with one line of explanation.
public struct CheckpointStoreError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
