import AureonEngine
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Checkpoints as JSON files, one directory per task (the seed's layout, made safe):
///
///     DIR/task-<readable prefix>-<16 hex digits>/<20-digit sequence>.json
///
/// The directory name is derived from the task id but can never escape `DIR`: every byte
/// outside `[A-Za-z0-9._-]` becomes `_`, the readable part is capped at 80 bytes, it always
/// starts with `task-` (so never `.` or `..`), and a hash of the full id keeps distinct ids
/// apart. Files are written atomically (temp file, fsync, rename, fsync of the directory), and
/// the zero-padded sequence makes "latest" the last name in plain sort order.
public final class JSONDirectoryCheckpointStore: CheckpointStore {
    public let directory: URL
    public private(set) var savedCount = 0
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// Opens (creating if needed) the store at `directory`.
    public init(directory: URL) throws(CheckpointStoreError) {
        self.directory = directory.standardizedFileURL
        do {
            try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
        } catch {
            throw CheckpointStoreError("\(directory.path): cannot create checkpoint directory: \(error.localizedDescription)")
        }
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
        let folder = taskDirectory(record.task)
        let data: Data
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            data = try encoder.encode(StoredCheckpoint(record))
        } catch {
            throw CheckpointStoreError("\(folder.path): cannot write checkpoint: \(error.localizedDescription)")
        }
        let digits = String(record.sequence)
        let name = String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".json"
        try AtomicFile.write(data, to: folder.appendingPathComponent(name))
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

extension ShardKey {
    /// Parses `slice:start:end` or `item:i`.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 3, parts[0] == "slice", let start = Int(parts[1]), let end = Int(parts[2]), start <= end {
            self = .slice(start: start, end: end)
        } else if parts.count == 2, parts[0] == "item", let index = Int(parts[1]) {
            self = .item(index)
        } else {
            return nil
        }
    }
}

/// Crash-safe file replacement: a reader sees the old file or the whole new one, never half.
enum AtomicFile {
    static func write(_ data: Data, to url: URL) throws(CheckpointStoreError) {
        let temporary = url.path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CheckpointStoreError("\(temporary): cannot create: \(String(cString: strerror(errno)))") }
        var written = 0
        let failure: String? = data.withUnsafeBytes { buffer -> String? in
            while written < buffer.count {
                let result = Glibc.write(fd, buffer.baseAddress! + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                written += result
            }
            return fsync(fd) == 0 ? nil : String(cString: strerror(errno))
        }
        close(fd)
        if let failure {
            unlink(temporary)
            throw CheckpointStoreError("\(temporary): cannot write: \(failure)")
        }
        guard rename(temporary, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CheckpointStoreError("\(url.path): cannot rename into place: \(reason)")
        }
        let directoryFD = open(url.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }
}
