/// The default store: records in memory, the newest `historyLimit` kept per task.
///
/// Capping the history bounds memory on long runs; only the latest record matters for
/// recovery, the rest is there for the console's checkpoint history.
public final class InMemoryCheckpointStore: CheckpointStore {
    private var records: [TaskID: [CheckpointRecord]] = [:]
    public let historyLimit: Int
    public private(set) var savedCount = 0

    public init(historyLimit: Int = 8) {
        precondition(historyLimit >= 1)
        self.historyLimit = historyLimit
    }

    public func save(_ record: CheckpointRecord) throws(CheckpointStoreError) {
        // One hash lookup per save: this sits on the simulation's hottest path.
        if let index = records.index(forKey: record.task) {
            records.values[index].append(record)
            if records.values[index].count > historyLimit { records.values[index].removeFirst() }
        } else {
            records[record.task] = [record]
        }
        savedCount += 1
    }

    public func reserveCapacity(forAdditionalTasks count: Int) {
        records.reserveCapacity(records.count + count)
    }

    public func latest(for task: TaskID) throws(CheckpointStoreError) -> CheckpointRecord? { records[task]?.last }

    public func all(for task: TaskID) throws(CheckpointStoreError) -> [CheckpointRecord] { records[task] ?? [] }

    public func latestRecords() throws(CheckpointStoreError) -> [CheckpointRecord] {
        records.values.compactMap(\.last).sorted { $0.task.description < $1.task.description }
    }
}
