import AureonCluster
import AureonEngine
import Foundation

/// Checkpoints as JSON files, one directory per task (the seed's layout, made safe):
///
///     DIR/task-<readable prefix>-<16 hex digits>/<20-digit sequence>.json
///
/// The directory name is derived from the task id but can never escape `DIR`: every byte
/// outside `[A-Za-z0-9._-]` becomes `_`, the readable part is capped at 80 bytes, it always
/// starts with `task-` (so never `.` or `..`), and a hash of the full id keeps distinct ids
/// apart. Files are written atomically through ``OutputFile`` (temp file, fsync, rename, fsync of
/// the directory), and the zero-padded sequence makes "latest" the last name in plain sort order.
///
/// Runs use it through ``MirroredCheckpointStore`` and claim the directory first
/// (``CheckpointDirectory/claim(_:for:reset:)``); it still answers reads itself so that the
/// conformance suite can check that what is on disk is what was saved.
public final class JSONDirectoryCheckpointStore: CheckpointStore {
    public let directory: URL
    public private(set) var savedCount = 0
    /// Task folders known to exist, so a save costs no `mkdir` after the first of its task.
    private var knownFolders: Set<String> = []
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// Opens (creating if needed) the store at `directory`. It does not claim the directory:
    /// a run goes through ``CheckpointDirectory/claim(_:for:reset:)``.
    public init(directory: URL) throws(FileIOError) {
        self.directory = directory.standardizedFileURL
        try CheckpointDirectory.createDirectories(self.directory.path)
    }

    /// The directory name for a task id (exposed so tests can check it stays inside `DIR`).
    public static func directoryName(for taskID: String) -> String {
        var readable = ""
        for byte in taskID.utf8.prefix(80) {
            let allowed = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2E || byte == 0x5F || byte == 0x2D
            readable.append(allowed ? Character(UnicodeScalar(byte)) : "_")
        }
        var hasher = TraceHasher()
        hasher.combine(taskID)
        return "task-\(readable)-\(hasher.hexDigest)"
    }

    private func taskDirectory(_ task: TaskID) -> URL {
        directory.appendingPathComponent(Self.directoryName(for: task.description), isDirectory: true)
    }

    public func save(_ record: CheckpointRecord) throws(CheckpointStoreError) {
        do {
            try write(record)
        } catch {
            throw CheckpointStoreError(error.description)
        }
    }

    /// Writes one record to its file; the error says which path failed and why, in the
    /// system's words ("No space left on device"), for the mirror to report.
    public func write(_ record: CheckpointRecord) throws(FileIOError) {
        let folder = taskDirectory(record.task)
        let data: Data
        do {
            data = try encoder.encode(StoredCheckpoint(record))
        } catch {
            // Every field is a plain number or string; encoding cannot fail for a valid record.
            preconditionFailure("checkpoint \(record.checkpointID) does not encode: \(error)")
        }
        if !knownFolders.contains(folder.lastPathComponent) {
            try CheckpointDirectory.createDirectories(folder.path)
            knownFolders.insert(folder.lastPathComponent)
        }
        let digits = String(record.sequence)
        let name = String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".json"
        let file = try OutputFile(path: folder.appendingPathComponent(name).path)
        file.write(bytes: data)
        try file.commit()
        savedCount += 1
    }

    public func latest(for task: TaskID) throws(CheckpointStoreError) -> CheckpointRecord? {
        try all(for: task).last
    }

    public func all(for task: TaskID) throws(CheckpointStoreError) -> [CheckpointRecord] {
        try records(in: taskDirectory(task)).filter { $0.task == task }
    }

    public func latestRecords() throws(CheckpointStoreError) -> [CheckpointRecord] {
        let folders: [URL]
        do {
            folders = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { $0.lastPathComponent.hasPrefix("task-") }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw CheckpointStoreError("\(directory.path): cannot list checkpoints: \(error.localizedDescription)")
        }
        var latest: [CheckpointRecord] = []
        for folder in folders {
            if let record = try records(in: folder).last { latest.append(record) }
        }
        return latest.sorted { $0.task.description < $1.task.description }
    }

    private func records(in folder: URL) throws(CheckpointStoreError) -> [CheckpointRecord] {
        guard FileManager.default.fileExists(atPath: folder.path) else { return [] }
        do {
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { $0.hasSuffix(".json") }
                .sorted()
            return try files.map { name in
                let data = try Data(contentsOf: folder.appendingPathComponent(name))
                return try JSONDecoder().decode(StoredCheckpoint.self, from: data).record()
            }
        } catch let error as CheckpointStoreError {
            throw error
        } catch {
            throw CheckpointStoreError("\(folder.path): unreadable checkpoint: \(error)")
        }
    }
}

/// The on-disk JSON shape, with the seed's field names.
struct StoredCheckpoint: Codable {
    var checkpoint_id: String
    var sequence: UInt64
    var task_id: String
    var rqml_run_id: String
    var iteration: Int
    var shard_key: String
    var node_id: String
    var created_at_us: Int64
    var fencing_token: UInt64
    var payload: Payload
    var supervisor_snapshot: Snapshot
    var metadata: Metadata

    struct Payload: Codable { var progress: Double; var partial_result: Double }
    struct Snapshot: Codable { var iteration: Int; var committed_shards: Int }
    struct Metadata: Codable { var strategy: String; var target_node: String; var dataset_id: String }

    init(_ record: CheckpointRecord) {
        checkpoint_id = record.checkpointID
        sequence = record.sequence
        task_id = record.task.description
        rqml_run_id = record.task.run.rawValue
        iteration = record.task.iteration
        shard_key = record.task.shard.description
        node_id = record.nodeName
        created_at_us = record.createdAt.microseconds
        fencing_token = record.token.value
        payload = Payload(progress: record.payload.progress, partial_result: record.payload.partialResult)
        supervisor_snapshot = Snapshot(iteration: record.supervisorSnapshot.iteration,
                                       committed_shards: record.supervisorSnapshot.committedShards)
        metadata = Metadata(strategy: record.metadata.strategy.rawValue, target_node: record.metadata.targetNodeName,
                            dataset_id: record.metadata.dataset)
    }

    func record() throws(CheckpointStoreError) -> CheckpointRecord {
        guard let shard = ShardKey(parsing: shard_key), let strategy = ShardStrategy(rawValue: metadata.strategy) else {
            throw CheckpointStoreError("checkpoint \(checkpoint_id): bad shard_key or strategy")
        }
        return CheckpointRecord(
            sequence: sequence, task: TaskID(run: RunID(rqml_run_id), iteration: iteration, shard: shard),
            nodeName: node_id, createdAt: VirtualTime(microseconds: created_at_us), token: FencingToken(fencing_token),
            payload: .init(progress: payload.progress, partialResult: payload.partial_result),
            supervisorSnapshot: .init(iteration: supervisor_snapshot.iteration, committedShards: supervisor_snapshot.committed_shards),
            metadata: .init(strategy: strategy, targetNodeName: metadata.target_node, dataset: metadata.dataset_id))
    }
}

