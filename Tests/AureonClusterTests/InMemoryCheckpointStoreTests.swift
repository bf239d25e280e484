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
}
