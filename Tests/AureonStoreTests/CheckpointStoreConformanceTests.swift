import AureonCluster
import AureonEngine
import AureonStore
import Foundation
import Testing

/// One suite, run against every store: both must behave the same.
@Suite struct CheckpointStoreConformanceTests {
    enum Backend: String, CaseIterable, Sendable { case memory, jsonDirectory }

    /// The store, and for the disk one the scratch folder holding it (`store` inside), to remove.
    static func makeStore(_ backend: Backend) throws -> (any CheckpointStore, ScratchDirectory?) {
        switch backend {
        case .memory:
            return (InMemoryCheckpointStore(historyLimit: 100), nil)
        case .jsonDirectory:
            let scratch = try ScratchDirectory()
            return (try JSONDirectoryCheckpointStore(directory: scratch.url.appendingPathComponent("store")), scratch)
        }
    }

    static func record(_ task: TaskID, sequence: UInt64, progress: Double) -> CheckpointRecord {
        checkpointRecord(task, sequence: sequence, progress: progress)
    }

    static let ordinary = TaskID(run: RunID("rqml-run-001"), iteration: 2, shard: .slice(start: 300, end: 400))

    @Test(arguments: Backend.allCases)
    func latestIsTheNewestSavedAndHistoryIsInOrder(backend: Backend) throws {
        let (store, scratch) = try Self.makeStore(backend)
        defer { scratch?.remove() }
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
        let (store, scratch) = try Self.makeStore(backend)
        defer { scratch?.remove() }
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
        let (store, scratch) = try Self.makeStore(backend)
        defer { scratch?.remove() }
        for (index, id) in Self.hostileIDs.enumerated() {
            let task = TaskID(run: RunID(id), iteration: 1, shard: .item(index))
            try store.save(Self.record(task, sequence: UInt64(index + 1), progress: 0.5))
            #expect(try store.latest(for: task)?.task == task, "id \(id.prefix(20))")
        }
        #expect(try store.latestRecords().count == Self.hostileIDs.count)
    }

    @Test func jsonDirectoryNeverWritesOutsideItsDirectory() throws {
        let (store, scratch) = try Self.makeStore(.jsonDirectory)
        defer { scratch?.remove() }
        let root = try #require(scratch).url
        let directory: URL? = root.appendingPathComponent("store")
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

    @Test func simulationWithJSONStoreMatchesCommits() throws {
        let (store, scratch) = try Self.makeStore(.jsonDirectory)
        defer { scratch?.remove() }
        let simulation = try ClusterSimulation(configuration: smallConfiguration(), checkpointStore: store)
        try simulation.perform(.schedule(smallRun()))
        #expect(simulation.runUntilIdle(limit: .zero + .hours(1)))
        let finals = try store.latestRecords().filter(\.isFinal)
        #expect(finals.count == simulation.counters.commits)
    }
}
