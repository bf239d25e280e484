#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A disk or device failure, said the way the operating system says it: the path, what was
/// being done, and `strerror` of the error number ("No space left on device"), never a
/// Foundation error domain and code. The command line prints it as one line, exit status 3.
public struct FileIOError: Error, Equatable, CustomStringConvertible {
    public let path: String
    /// What failed, as a verb phrase: "cannot write", "cannot rename into place".
    public let operation: String
    /// The `errno` value, so tests and callers can tell ENOSPC from EACCES.
    public let code: Int32

    public init(path: String, _ operation: String, code: Int32) {
        self.path = path
        self.operation = operation
        self.code = code
    }

    /// Builds the error from the current `errno` (call right after the failing system call).
    public static func current(path: String, _ operation: String) -> FileIOError {
        FileIOError(path: path, operation, code: errno)
    }

    public var reason: String { String(cString: strerror(code)) }
    public var description: String { "\(path): \(operation): \(reason)" }
}
