import AureonEngine
import Testing
@testable import AureonCluster

/// The core's own store (the disk store and the conformance suite run in AureonStoreTests).
@Suite struct InMemoryCheckpointStoreTests {
    static func record(_ task: TaskID, sequence: UInt64, progress: Double) -> CheckpointRecord {
        CheckpointRecord(
            sequence: sequence, task: task, nodeName: "node-02", createdAt: .zero + .seconds(Int64(sequence)),
            token: FencingToken(3), payload: .init(progress: progress, partialResult: progress / 2),
            supervisorSnapshot: .init(iteration: task.iteration, committedShards: 4),
            metadata: .init(strategy: .bySlice, targetNodeName: "node-01", dataset: "dataset-A"))
    }

    static let ordinary = TaskID(run: RunID("rqml-run-001"), iteration: 2, shard: .slice(start: 300, end: 400))

    @Test func historyIsCapped() throws {
        let store = InMemoryCheckpointStore(historyLimit: 3)
        for sequence in 1...10 { try store.save(Self.record(Self.ordinary, sequence: UInt64(sequence), progress: Double(sequence) / 10)) }
        #expect(try store.all(for: Self.ordinary).map(\.sequence) == [8, 9, 10])
    }

    /// Records are kept packed; what is read back is exactly what was saved, whatever the
    /// shard kind, however long the names, across runs and datasets.
    @Test func aPackedRecordReadsBackAsSaved() throws {
        let store = InMemoryCheckpointStore()
        let long = RunID("a-run-name-well-beyond-fifteen-bytes")
        let tasks = [Self.ordinary, TaskID(run: long, iteration: 1, shard: .item(7)),
                     TaskID(run: long, iteration: 1, shard: .item(0)), TaskID(run: RunID("rqml-run-001"), iteration: 1, shard: .slice(start: 0, end: 0))]
        var saved: [CheckpointRecord] = []
        for (offset, task) in tasks.enumerated() {
            let record = CheckpointRecord(
                sequence: UInt64(offset + 1), task: task, nodeName: "node-with-a-long-name-\(offset)",
                createdAt: .zero + .seconds(Int64(offset)), token: FencingToken(UInt64.max - UInt64(offset)),
                payload: .init(progress: 0.1 * Double(offset), partialResult: -1.5e-300),
                supervisorSnapshot: .init(iteration: offset, committedShards: 1_000_000 + offset),
                metadata: .init(strategy: offset.isMultiple(of: 2) ? .byIteration : .byDataset, targetNodeName: "node-0\(offset)",
                                dataset: "dataset-\(offset % 2)"))
            try store.save(record)
            saved.append(record)
        }
        for record in saved { #expect(try store.latest(for: record.task) == record) }
        #expect(try store.latestRecords() == saved.sorted { $0.task.description < $1.task.description })
        // A task no record could hold (beyond 32-bit fields) or of an unknown run is simply absent.
        #expect(try store.latest(for: TaskID(run: long, iteration: Int.max, shard: .item(7))) == nil)
        #expect(try store.latest(for: TaskID(run: RunID("never-saved"), iteration: 1, shard: .item(7))) == nil)
        // Discarding one run keeps the other's records, still readable.
        store.discardRecords(of: long)
        #expect(try store.latest(for: tasks[1]) == nil)
        #expect(try store.latest(for: Self.ordinary) == saved[0])
        #expect(try store.latest(for: tasks[3]) == saved[3])
    }

    /// The point of packing: a record a million-shard run holds per task is 104 bytes, not 176.
    @Test func aStoredRecordIsSmallerThanTheSpelledOutOne() {
        #expect(MemoryLayout<PackedCheckpointRecord>.stride <= 104)
        #expect(MemoryLayout<PackedCheckpointRecord>.stride < MemoryLayout<CheckpointRecord>.stride)
    }
}
