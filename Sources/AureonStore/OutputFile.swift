#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an output flag's bytes go (`--events`, `--record`, and every later output flag):
/// decided once, when the file is opened, from what already sits at the path.
///
/// - `-`, or a path naming the file already open as standard output or error (`/dev/stdout`,
///   `/proc/self/fd/1`), is written through that descriptor, so the bytes land where the shell
///   sent them and nothing is renamed over a redirect.
/// - A path that exists and is not a regular file (FIFO, character device, terminal) is written
///   in place as a stream: replacing it would turn `/dev/null` or a reader's FIFO into a file.
/// - A regular file, or a path with nothing there yet, is replaced atomically: the bytes go to a
///   temporary file in the same directory, which is fsynced, renamed over the target and the
///   directory fsynced, so a crash at any moment leaves the old file or the complete new one.
/// - A symlink is followed, never replaced: the rules above apply to what it points to (a
///   dangling link gets its target created).
///
/// Writes are buffered (one system call per ``bufferCapacity`` bytes). A write error is kept,
/// further writes are dropped, and ``commit()`` reports it, so that a sink called from inside
/// the simulation need not throw; ``failure`` lets a long run stop early.
public final class OutputFile {
    public enum Kind: Equatable, Sendable {
        /// Written through an already-open descriptor (1 or 2); never closed here.
        case standardStream
        /// Written in place (FIFO, device, terminal).
        case stream
        /// Written to a temporary file that replaces the target on ``commit()``.
        case atomicReplacement
    }

    /// Bytes gathered before one `write(2)`.
    public static let bufferCapacity = 1 << 16
    /// Symlink hops followed before giving up (the kernel's own limit, `SYMLOOP_MAX`).
    public static let symlinkHopLimit = 40
    /// Temporary names tried before giving up (each taken name means another writer is busy).
    static let temporaryNameAttempts = 100

    /// The path as the user gave it (for messages).
    public let path: String
    public let kind: Kind
    /// The file that is finally written: `path` with symlinks followed.
    public let target: String
    /// The temporary file of an atomic replacement, while it exists.
    public private(set) var temporaryPath: String?
    /// The first write error, if any; later writes are dropped.
    public private(set) var failure: FileIOError?

    private var descriptor: Int32
    private var buffer: [UInt8] = []
    /// Permission bits to give the new file: the old file's, so a replacement keeps them.
    private let preservedMode: mode_t?
    private var isFinished = false
    nonisolated(unsafe) private static var temporaryCounter = 0

    /// Opens `path` for writing as described above. Throws on what the system refuses
    /// (missing directory, a directory at the path, no permission): nothing is written then.
    public init(path: String) throws(FileIOError) {
        precondition(!path.isEmpty, "callers refuse an empty output path, naming their flag")
        self.path = path
        buffer.reserveCapacity(Self.bufferCapacity)
        if path == "-" {
            (kind, target, descriptor, preservedMode) = (.standardStream, path, STDOUT_FILENO, nil)
            return
        }
        var status = stat()
        if stat(path, &status) == 0 {
            if let standard = Self.standardDescriptor(matching: status) {
                (kind, target, descriptor, preservedMode) = (.standardStream, path, standard, nil)
                return
            }
            if status.st_mode & S_IFMT == S_IFDIR {
                throw FileIOError(path: path, "cannot write", code: EISDIR)
            }
            if status.st_mode & S_IFMT != S_IFREG {
                let opened = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY)
                guard opened >= 0 else { throw FileIOError.current(path: path, "cannot open for writing") }
                (kind, target, descriptor, preservedMode) = (.stream, path, opened, nil)
                return
            }
            guard let resolved = realpath(path, nil) else { throw FileIOError.current(path: path, "cannot resolve") }
            target = String(cString: resolved)
            free(resolved)
            preservedMode = status.st_mode & 0o7777
        } else if errno == ENOENT {
            target = try Self.finalTarget(of: path)
            preservedMode = nil
        } else {
            throw FileIOError.current(path: path, "cannot open for writing")
        }
        kind = .atomicReplacement
        (descriptor, temporaryPath) = try Self.createTemporary(beside: target)
    }

    deinit {
        if !isFinished { abandon() }
    }

    /// Appends `text` (buffered).
    public func write(_ text: String) {
        guard failure == nil, !isFinished else { return }
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.bufferCapacity { flush() }
    }

    /// Appends raw bytes (buffered).
    public func write<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
        guard failure == nil, !isFinished else { return }
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.bufferCapacity { flush() }
    }

    /// Appends `line` and a newline.
    public func writeLine(_ line: String) {
        write(line)
        write("\n")
    }

    /// Finishes the file: flushes, and for a replacement fsyncs, renames it over the target and
    /// fsyncs the directory. Throws the first error of the whole life of the file.
    public func commit() throws(FileIOError) {
        guard !isFinished else { return }
        flush()
        if let failure {
            abandon()
            throw failure
        }
        isFinished = true
        switch kind {
        case .standardStream:
            return
        case .stream:
            if close(descriptor) != 0 { throw FileIOError.current(path: path, "cannot finish writing") }
        case .atomicReplacement:
            guard let temporary = temporaryPath else { return }
            temporaryPath = nil
            var error: FileIOError?
            if let mode = preservedMode, fchmod(descriptor, mode) != 0 {
                error = FileIOError.current(path: path, "cannot set permissions")
            }
            if error == nil, fsync(descriptor) != 0 { error = FileIOError.current(path: path, "cannot write") }
            if close(descriptor) != 0, error == nil { error = FileIOError.current(path: path, "cannot write") }
            if error == nil, rename(temporary, target) != 0 { error = FileIOError.current(path: target, "cannot rename into place") }
            if let error {
                unlink(temporary)
                throw error
            }
            Self.syncDirectory(of: target)
        }
    }

    /// Gives up: closes, and removes the temporary file of a replacement (the target is untouched).
    public func abandon() {
        guard !isFinished else { return }
        isFinished = true
        if kind != .standardStream { close(descriptor) }
        if let temporaryPath { unlink(temporaryPath) }
        temporaryPath = nil
    }

    /// Writes `text` to `path` in one go (open, write, commit).
    public static func write(_ text: String, to path: String) throws(FileIOError) {
        let file = try OutputFile(path: path)
        file.write(text)
        try file.commit()
    }

    private func flush() {
        guard !buffer.isEmpty, failure == nil else { return }
        let count = buffer.count
        let written: Int32? = buffer.withUnsafeBytes { bytes -> Int32? in
            var offset = 0
            while offset < count {
                let result = Glibc.write(descriptor, bytes.baseAddress! + offset, count - offset)
                if result < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += result
            }
            return nil
        }
        buffer.removeAll(keepingCapacity: true)
        if let code = written { failure = FileIOError(path: path, "cannot write", code: code) }
    }

    /// Standard output or error, when `status` is the very file they have open.
    private static func standardDescriptor(matching status: stat) -> Int32? {
        for candidate in [STDOUT_FILENO, STDERR_FILENO] {
            var open = stat()
            if fstat(candidate, &open) == 0, open.st_dev == status.st_dev, open.st_ino == status.st_ino { return candidate }
        }
        return nil
    }

    /// The path a dangling symlink chain ends at (or `path` itself when it is no link).
    private static func finalTarget(of path: String) throws(FileIOError) -> String {
        var current = path
        for _ in 0..<symlinkHopLimit {
            var status = stat()
            guard lstat(current, &status) == 0, status.st_mode & S_IFMT == S_IFLNK else { return current }
            var bytes = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &bytes, Int(PATH_MAX))
            guard length >= 0 else { throw FileIOError.current(path: current, "cannot follow symlink") }
            let destination = String(decoding: bytes[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = destination.hasPrefix("/") ? destination : directory(of: current) + "/" + destination
        }
        throw FileIOError(path: path, "cannot follow symlink", code: ELOOP)
    }

    /// A new, exclusively created `.NAME.PID-N.tmp` beside `target` (mode 0666 less the umask).
    private static func createTemporary(beside target: String) throws(FileIOError) -> (Int32, String) {
        let name = target.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? target
        for _ in 0..<temporaryNameAttempts {
            temporaryCounter += 1
            let temporary = directory(of: target) + "/.\(name).\(getpid())-\(temporaryCounter).tmp"
            let opened = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if opened >= 0 { return (opened, temporary) }
            if errno != EEXIST { throw FileIOError.current(path: target, "cannot create") }
        }
        throw FileIOError(path: target, "cannot create a temporary file", code: EEXIST)
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Makes a rename durable. Some file systems refuse fsync on a directory; that is not an error.
    static func syncDirectory(of path: String) {
        let directoryDescriptor = open(directory(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directoryDescriptor >= 0 else { return }
        fsync(directoryDescriptor)
        close(directoryDescriptor)
    }
}
