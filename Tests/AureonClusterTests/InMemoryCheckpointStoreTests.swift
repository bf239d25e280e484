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

    /// The point of packing: a record a million-shard run holds per task is 80 bytes, not 176.
    @Test func aStoredRecordIsSmallerThanTheSpelledOutOne() {
        #expect(MemoryLayout<PackedCheckpointRecord>.stride <= 80)
        #expect(MemoryLayout<PackedCheckpointRecord>.stride < MemoryLayout<CheckpointRecord>.stride)
    }

    static func draft(_ task: TaskID, sequence: UInt64, node: Int, target: Int, names: CheckpointNodeNames) -> CheckpointDraft {
        CheckpointDraft(
            sequence: sequence, run: task.run, iteration: task.iteration, shard: task.shard, node: NodeID(node), targetNode: NodeID(target),
            createdAt: .zero + .seconds(Int64(sequence)), token: FencingToken(sequence * 3),
            payload: .init(progress: Double(sequence) / 10, partialResult: 0.25), supervisorSnapshot: .init(iteration: task.iteration, committedShards: 9),
            strategy: .byDataset, dataset: "dataset-B", nodeNames: names)
    }

    /// A draft is stored as the record it spells out, whichever node directory it names its
    /// nodes in: a second directory with other names at the same indices must not read back
    /// the first one's names (the store maps indices per directory).
    @Test func aDraftReadsBackAsItsRecord() throws {
        let store = InMemoryCheckpointStore()
        let first = CheckpointNodeNames(["node-a", "node-b", "node-c"])
        let second = CheckpointNodeNames(["other-0", "other-1", "other-2", "other-3"])
        let tasks = (0..<4).map { TaskID(run: RunID("rqml-run-001"), iteration: 1, shard: .item($0)) }
        var drafts = [Self.draft(tasks[0], sequence: 1, node: 2, target: 0, names: first),
                      Self.draft(tasks[1], sequence: 2, node: 1, target: 1, names: first),
                      Self.draft(tasks[2], sequence: 3, node: 2, target: 3, names: second)]
        for draft in drafts { try store.save(draft) }
        // The record path and the draft path share one name table.
        try store.save(Self.record(tasks[3], sequence: 4, progress: 0.5))
        drafts.append(Self.draft(tasks[0], sequence: 5, node: 0, target: 2, names: first))
        try store.save(drafts[3])
        #expect(try store.latest(for: tasks[1]) == drafts[1].record)
        #expect(try store.latest(for: tasks[2])?.nodeName == "other-2")
        #expect(try store.latest(for: tasks[2]) == drafts[2].record)
        #expect(try store.latest(for: tasks[3]) == Self.record(tasks[3], sequence: 4, progress: 0.5))
        #expect(try store.all(for: tasks[0]) == [drafts[0].record, drafts[3].record])
        #expect(drafts[3].record.nodeName == "node-a" && drafts[3].record.metadata.targetNodeName == "node-c")
        // A copy keeps the node map: it reads the same and goes on alike.
        let copy = try #require(store.copy() as? InMemoryCheckpointStore)
        let next = Self.draft(tasks[1], sequence: 6, node: 3, target: 0, names: second)
        try copy.save(next)
        try store.save(next)
        #expect(try copy.all(for: tasks[1]) == store.all(for: tasks[1]))
        #expect(try copy.latest(for: tasks[1]) == next.record)
    }

    /// A store that keeps records spelled out gets exactly `draft.record` through the
    /// protocol's default.
    @Test func aStoreWithoutADraftPathGetsTheRecord() throws {
        let spy = RecordingStore()
        let store: any CheckpointStore = spy
        let draft = Self.draft(Self.ordinary, sequence: 7, node: 1, target: 0, names: CheckpointNodeNames(["n0", "n1"]))
        try store.save(draft)
        #expect(spy.saved == [draft.record])
        #expect(spy.saved.first?.nodeName == "n1" && spy.saved.first?.metadata.targetNodeName == "n0")
    }
}

/// A store with only the record path, which remembers what it was given.
private final class RecordingStore: CheckpointStore {
    var saved: [CheckpointRecord] = []
    func save(_ record: CheckpointRecord) throws(CheckpointStoreError) { saved.append(record) }
    func latest(for task: TaskID) throws(CheckpointStoreError) -> CheckpointRecord? { saved.last { $0.task == task } }
    func all(for task: TaskID) throws(CheckpointStoreError) -> [CheckpointRecord] { saved.filter { $0.task == task } }
    func latestRecords() throws(CheckpointStoreError) -> [CheckpointRecord] { saved }
    var savedCount: Int { saved.count }
}
