import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which run a checkpoint directory belongs to: the seed and a hash of everything else that
/// decides the history (cluster configuration, runs, actions). Two runs with equal identities
/// write the same checkpoints, because the simulation is deterministic.
public struct RunIdentity: Equatable, Sendable, Codable {
    public let seed: UInt64
    /// 16 hex digits (``AureonEngine/TraceHasher``) over the scenario's canonical text.
    public let scenarioHash: String

    public init(seed: UInt64, scenarioHash: String) {
        self.seed = seed
        self.scenarioHash = scenarioHash
    }
}

/// Why a directory cannot be used: another run owns it (exit 2, bad input), or the disk said no (exit 3).
public enum CheckpointDirectoryError: Error, Equatable, CustomStringConvertible {
    case refused(String)
    case io(FileIOError)

    public var description: String {
        switch self {
        case let .refused(message): message
        case let .io(error): error.description
        }
    }
}

/// Claiming a checkpoint directory for one run, with a manifest (`aureon-checkpoints.json`:
/// format version, seed, scenario hash) written before the first checkpoint.
///
/// - An empty or new directory is claimed.
/// - A directory claimed by the same run (equal identity and format version) is resumed:
///   leftover `*.tmp` files of a crashed writer are removed, and the run, replayed from the
///   start, rewrites the same files with the same contents, so afterwards the directory holds
///   the checkpoints of that one run, exactly as a fresh directory would.
/// - A directory claimed by another run, or holding `task-*` folders without a manifest (an
///   older aureon), is refused unless `reset`, which removes the old checkpoints first.
/// - A directory holding anything else is never touched, reset or not: it is not ours.
public enum CheckpointDirectory {
    public static let manifestName = "aureon-checkpoints.json"
    public static let formatName = "aureon-checkpoints"
    /// Version 1: one folder per task, `<20-digit sequence>.json` files, the seed's field names.
    public static let formatVersion = 1
    /// Entries in one directory listing read at most (a task folder holds a handful).
    static let listingLimit = 50_000_000

    struct Manifest: Codable, Equatable {
        var format: String
        var version: Int
        var seed: UInt64
        var scenario_hash: String
    }

    /// Claims `path` for `identity` (see the type's rules) and opens the store there.
    public static func claim(_ path: String, for identity: RunIdentity, reset: Bool) throws(CheckpointDirectoryError)
        -> JSONDirectoryCheckpointStore {
        do {
            try createDirectories(path)
            let entries = try list(path)
            let existing = entries.contains(manifestName) ? try readManifest(in: path) : nil
            let wanted = Manifest(format: formatName, version: formatVersion, seed: identity.seed, scenario_hash: identity.scenarioHash)
            let checkpointFolders = entries.filter { $0.hasPrefix("task-") }
            if existing != wanted {
                let foreign = entries.filter { $0 != manifestName && !$0.hasPrefix("task-") && !isManifestLeftover($0) }
                if !entries.contains(manifestName), let first = foreign.sorted().first {
                    throw CheckpointDirectoryError.refused(
                        "\(path): not empty and not an aureon checkpoint directory (it holds '\(first)'); choose an empty or new directory")
                }
                if !reset, entries.contains(manifestName) || !checkpointFolders.isEmpty {
                    let owner = existing.map { "another run (seed \($0.seed), scenario \($0.scenario_hash), format \($0.version))" }
                        ?? "checkpoints without a readable manifest"
                    throw CheckpointDirectoryError.refused(
                        "\(path): holds \(owner); pass --checkpoint-dir-reset to discard them, or choose another directory")
                }
                for folder in checkpointFolders { try removeTree(path + "/" + folder) }
                if entries.contains(manifestName), unlink(path + "/" + manifestName) != 0 {
                    throw FileIOError.current(path: path + "/" + manifestName, "cannot remove")
                }
            }
            try removeLeftovers(in: path)
            if existing != wanted {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                let data = (try? encoder.encode(wanted)) ?? Data()
                let file = try OutputFile(path: path + "/" + manifestName)
                file.write(bytes: data)
                file.write("\n")
                try file.commit()
            }
            return try JSONDirectoryCheckpointStore(directory: URL(fileURLWithPath: path))
        } catch let error as CheckpointDirectoryError {
            throw error
        } catch let error as FileIOError {
            throw .io(error)
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }

    /// The manifest, or nil when it does not parse (treated like a foreign claim).
    static func readManifest(in path: String) throws(FileIOError) -> Manifest? {
        let file = path + "/" + manifestName
        guard let data = FileManager.default.contents(atPath: file) else {
            throw FileIOError(path: file, "cannot read", code: access(file, R_OK) == 0 ? EIO : errno)
        }
        return try? JSONDecoder().decode(Manifest.self, from: data)
    }

    /// A temporary manifest a killed writer left (``OutputFile`` names them `.NAME.PID-N.tmp`).
    static func isManifestLeftover(_ name: String) -> Bool {
        name.hasPrefix("." + manifestName + ".") && name.hasSuffix(".tmp")
    }

    /// Removes `*.tmp` files a killed writer left in the directory and its task folders.
    static func removeLeftovers(in path: String) throws(FileIOError) {
        for entry in try list(path) {
            let full = path + "/" + entry
            if isManifestLeftover(entry) {
                if unlink(full) != 0 { throw FileIOError.current(path: full, "cannot remove leftover") }
            } else if entry.hasPrefix("task-") {
                for file in try list(full) where file.hasSuffix(".tmp") {
                    if unlink(full + "/" + file) != 0 { throw FileIOError.current(path: full + "/" + file, "cannot remove leftover") }
                }
            }
        }
    }

    /// `mkdir -p`, with the system's reason when it fails.
    static func createDirectories(_ path: String) throws(FileIOError) {
        var status = stat()
        if stat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR else { throw FileIOError(path: path, "cannot use as checkpoint directory", code: ENOTDIR) }
            return
        }
        let parent = OutputFile.directory(of: path)
        if parent != path, parent != "." , parent != "/" { try createDirectories(parent) }
        if mkdir(path, 0o777) != 0, errno != EEXIST { throw FileIOError.current(path: path, "cannot create directory") }
    }

    /// The names in a directory (without `.` and `..`), in no particular order.
    static func list(_ path: String) throws(FileIOError) -> [String] {
        guard let directory = opendir(path) else { throw FileIOError.current(path: path, "cannot list") }
        defer { closedir(directory) }
        var names: [String] = []
        while names.count < listingLimit, let entry = readdir(directory) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Removes a task folder and the files in it (the store never nests deeper).
    static func removeTree(_ path: String) throws(FileIOError) {
        for name in try list(path) where unlink(path + "/" + name) != 0 {
            throw FileIOError.current(path: path + "/" + name, "cannot remove")
        }
        if rmdir(path) != 0 { throw FileIOError.current(path: path, "cannot remove") }
    }
}
