import AureonEngine
import Foundation
import Testing
@testable import AureonCluster

/// One suite, run against every store: both must behave the same.
@Suite struct CheckpointStoreConformanceTests {
    enum Backend: String, CaseIterable, Sendable { case memory, jsonDirectory }

    static func makeStore(_ backend: Backend) throws -> (any CheckpointStore, URL?) {
        switch backend {
        case .memory:
            return (InMemoryCheckpointStore(historyLimit: 100), nil)
        case .jsonDirectory:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aureon-store-\(UUID().uuidString)/store")
            return (try JSONDirectoryCheckpointStore(directory: directory), directory)
        }
    }

    static func record(_ task: TaskID, sequence: UInt64, progress: Double) -> CheckpointRecord {
        CheckpointRecord(
            sequence: sequence, task: task, nodeName: "node-02", createdAt: .zero + .seconds(Int64(sequence)),
            token: FencingToken(3), payload: .init(progress: progress, partialResult: progress / 2),
            supervisorSnapshot: .init(iteration: task.iteration, committedShards: 4),
            metadata: .init(strategy: .bySlice, targetNodeName: "node-01", dataset: "dataset-A"))
    }

    static let ordinary = TaskID(run: RunID("rqml-run-001"), iteration: 2, shard: .slice(start: 300, end: 400))

    @Test(arguments: Backend.allCases)
    func latestIsTheNewestSavedAndHistoryIsInOrder(backend: Backend) throws {
        let (store, _) = try Self.makeStore(backend)
        #expect(try store.latest(for: Self.ordinary) == nil)
        for (sequence, progress) in [(1, 0.2), (2, 0.5), (10, 0.9)] {
            try store.save(Self.record(Self.ordinary, sequence: UInt64(sequence), progress: progress))
        }
        #expect(try store.latest(for: Self.ordinary) == Self.record(Self.ordinary, sequence: 10, progress: 0.9))
        #expect(try store.all(for: Self.ordinary).map(\.payload.progress) == [0.2, 0.5, 0.9])
        #expect(store.savedCount == 3)
    }

    @Test(arguments: Backend.allCases)
    func tasksAreKeptApart(backend: Backend) throws {
        let (store, _) = try Self.makeStore(backend)
        let other = TaskID(run: RunID("rqml-run-001"), iteration: 2, shard: .slice(start: 400, end: 500))
        try store.save(Self.record(Self.ordinary, sequence: 1, progress: 0.3))
        try store.save(Self.record(other, sequence: 2, progress: 1))
        #expect(try store.latest(for: Self.ordinary)?.payload.progress == 0.3)
        #expect(try store.latest(for: other)?.isFinal == true)
        #expect(try store.latestRecords().map(\.task) == [Self.ordinary, other])
    }

    static let hostileIDs: [String] = [
        "../x", "../../escape", "/", "/etc/passwd", "a/b/../../../c", ".", "..", "nul\u{0}byte", "back\\slash",
        "ünïcødé-✓", String(repeating: "k", count: 10 * 1024), String(repeating: "../", count: 100),
    ]

    @Test(arguments: Backend.allCases)
    func hostileTaskIDsRoundTrip(backend: Backend) throws {
        let (store, _) = try Self.makeStore(backend)
        for (index, id) in Self.hostileIDs.enumerated() {
            let task = TaskID(run: RunID(id), iteration: 1, shard: .item(index))
            try store.save(Self.record(task, sequence: UInt64(index + 1), progress: 0.5))
            #expect(try store.latest(for: task)?.task == task, "id \(id.prefix(20))")
        }
        #expect(try store.latestRecords().count == Self.hostileIDs.count)
    }

    @Test func jsonDirectoryNeverWritesOutsideItsDirectory() throws {
        let (store, directory) = try Self.makeStore(.jsonDirectory)
        let root = try #require(directory).deletingLastPathComponent()
        for (index, id) in Self.hostileIDs.enumerated() {
            try store.save(Self.record(TaskID(run: RunID(id), iteration: 1, shard: .item(index)), sequence: UInt64(index + 1), progress: 1))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["store"])
        let entries = try FileManager.default.contentsOfDirectory(atPath: try #require(directory).path)
        #expect(entries.count == Self.hostileIDs.count)
        for entry in entries {
            #expect(entry.hasPrefix("task-") && entry.utf8.count <= 120 && !entry.contains("/"))
            let files = try FileManager.default.contentsOfDirectory(atPath: try #require(directory).appendingPathComponent(entry).path)
            #expect(files.count == 1 && files[0].hasSuffix(".json"), "no temp files left behind: \(files)")
        }
        #expect(JSONDirectoryCheckpointStore.directoryName(for: "..") != JSONDirectoryCheckpointStore.directoryName(for: "__"))
    }

    @Test func inMemoryHistoryIsCapped() throws {
        let store = InMemoryCheckpointStore(historyLimit: 3)
        for sequence in 1...10 { try store.save(Self.record(Self.ordinary, sequence: UInt64(sequence), progress: Double(sequence) / 10)) }
        #expect(try store.all(for: Self.ordinary).map(\.sequence) == [8, 9, 10])
    }

    @Test func simulationWithJSONStoreMatchesCommits() throws {
        let (store, _) = try Self.makeStore(.jsonDirectory)
        let simulation = try ClusterSimulation(configuration: makeConfiguration(), checkpointStore: store)
        try simulation.perform(.schedule(makeRun(items: 30, shardSize: 5, work: 5...12)))
        #expect(simulation.runUntilIdle(limit: .zero + .hours(1)))
        let finals = try store.latestRecords().filter(\.isFinal)
        #expect(finals.count == simulation.counters.commits)
    }
}
