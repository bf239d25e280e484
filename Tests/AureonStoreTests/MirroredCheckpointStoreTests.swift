import AureonCluster
import AureonEngine
import AureonStore
import Foundation
import Testing

@Suite struct MirroredCheckpointStoreTests {
    static let identity = RunIdentity(seed: 7, scenarioHash: "0123456789abcdef")

    static func finishedHash(store: (any CheckpointStore)?) throws -> String {
        let configuration = smallConfiguration()
        let simulation = try ClusterSimulation(configuration: configuration, checkpointStore: store)
        try simulation.perform(.schedule(smallRun(items: 60)))
        #expect(simulation.runUntilIdle(limit: .zero + .hours(1)))
        return simulation.traceHash.hexDigest
    }

    @Test func everyCommittedCheckpointReachesTheDisk() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let disk = try CheckpointDirectory.claim(scratch.path + "/cp", for: Self.identity, reset: false)
        let mirror = MirroredCheckpointStore(memory: InMemoryCheckpointStore(historyLimit: 8), disk: disk)
        #expect(try Self.finishedHash(store: mirror) == Self.finishedHash(store: nil))
        #expect(mirror.failure == nil)
        #expect(disk.savedCount == mirror.savedCount && mirror.savedCount > 0)
        #expect(try disk.latestRecords() == mirror.latestRecords())
    }

    /// An injected disk error (a task folder's path taken by a plain file, ENOTDIR or EEXIST):
    /// the first error is kept, nothing more is written, and the history is unchanged.
    @Test func aDiskErrorIsKeptAndNeverChangesTheHistory() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let disk = try CheckpointDirectory.claim(scratch.path + "/cp", for: Self.identity, reset: false)
        let mirror = MirroredCheckpointStore(memory: InMemoryCheckpointStore(historyLimit: 8), disk: disk)
        // Block every task folder of the run: its name is known in advance.
        for index in 0..<12 {
            let shard = ShardKey.slice(start: index * 5, end: index * 5 + 5)
            let name = JSONDirectoryCheckpointStore.directoryName(for: TaskID(run: RunID("rqml-run-001"), iteration: 1, shard: shard).description)
            try "in the way".write(toFile: scratch.path + "/cp/" + name, atomically: false, encoding: .utf8)
        }
        #expect(try Self.finishedHash(store: mirror) == Self.finishedHash(store: nil))
        let failure = try #require(mirror.failure)
        #expect(failure.path.hasPrefix(scratch.path + "/cp/task-rqml-run-001"))
        #expect(disk.savedCount == 0)
        #expect(mirror.savedCount > 0)
    }

    @Test func claimingFollowsTheManifest() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.path + "/cp"
        let store = try CheckpointDirectory.claim(path, for: Self.identity, reset: false)
        try store.write(checkpointRecord(TaskID(run: RunID("r"), iteration: 1, shard: .item(0)), sequence: 1, progress: 1))
        // Same run: resumed, the record kept.
        #expect(try CheckpointDirectory.claim(path, for: Self.identity, reset: false).latestRecords().count == 1)
        // Another run: refused, then reset empties it.
        let other = RunIdentity(seed: 8, scenarioHash: Self.identity.scenarioHash)
        #expect(throws: CheckpointDirectoryError.self) { try CheckpointDirectory.claim(path, for: other, reset: false) }
        #expect(try CheckpointDirectory.claim(path, for: other, reset: true).latestRecords().isEmpty)
        // A garbled manifest is not a claim anyone can resume.
        try "{".write(toFile: path + "/" + CheckpointDirectory.manifestName, atomically: false, encoding: .utf8)
        #expect(throws: CheckpointDirectoryError.self) { try CheckpointDirectory.claim(path, for: other, reset: false) }
        // A plain file where the directory should be is an I/O error, not a claim.
        try "x".write(toFile: scratch.path + "/file", atomically: false, encoding: .utf8)
        #expect(throws: CheckpointDirectoryError.io(FileIOError(path: scratch.path + "/file", "cannot use as checkpoint directory", code: ENOTDIR))) {
            try CheckpointDirectory.claim(scratch.path + "/file", for: Self.identity, reset: false)
        }
    }
}
