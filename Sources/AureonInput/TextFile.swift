import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads an input file (scenario, recording, theme, key file) as UTF-8 text, with every
/// failure said in plain words: a directory, a NUL byte, invalid UTF-8, a missing file and a
/// permission problem each get their own message, never a Foundation error code.
public enum TextFile {
    /// Largest input file read: scenario, recording and key files are small; a bigger one is
    /// a mistake (a log, a binary), and refusing it early keeps memory bounded.
    public static let maxBytes = 16 * 1024 * 1024

    /// Why a file could not be read, and where (a line, for NUL bytes and bad UTF-8).
    public struct Problem: Error, Equatable, Sendable {
        public let line: Int?
        public let message: String
    }

    public static func read(path: String) -> Result<String, Problem> {
        guard !path.isEmpty else { return .failure(Problem(line: nil, message: "empty path")) }
        var info = stat()
        guard stat(path, &info) == 0 else { return .failure(Problem(line: nil, message: plain(errno))) }
        if info.st_mode & S_IFMT == S_IFDIR { return .failure(Problem(line: nil, message: "is a directory, not a file")) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            return .failure(Problem(line: nil, message: "is not a regular file (a device, FIFO or socket)"))
        }
        guard Int(info.st_size) <= maxBytes else {
            return .failure(Problem(line: nil, message: "file is larger than \(maxBytes / (1024 * 1024)) MiB"))
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { return .failure(Problem(line: nil, message: plain(errno))) }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maxBytes + 1) ?? Data()
        } catch {
            return .failure(Problem(line: nil, message: "read failed (input/output error)"))
        }
        guard data.count <= maxBytes else {
            return .failure(Problem(line: nil, message: "file is larger than \(maxBytes / (1024 * 1024)) MiB"))
        }
        if let nul = data.firstIndex(of: 0) {
            return .failure(Problem(line: line(at: nul, in: data), message: "not a text file: it contains a NUL byte"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(Problem(line: firstInvalidUTF8Line(data), message: "not UTF-8 text: invalid byte sequence"))
        }
        return .success(text)
    }

    /// The errno of a failed open or stat, in words.
    static func plain(_ code: Int32) -> String {
        switch code {
        case ENOENT: "no such file"
        case ENOTDIR: "a part of the path is a file, not a directory"
        case EACCES, EPERM: "permission denied"
        case ELOOP: "too many symbolic links"
        case ENAMETOOLONG: "the path is too long"
        default: String(cString: strerror(code)).lowercased()
        }
    }

    private static func line(at index: Data.Index, in data: Data) -> Int {
        1 + data[data.startIndex..<index].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    private static func firstInvalidUTF8Line(_ data: Data) -> Int {
        var line = 1
        var lineStart = data.startIndex
        for index in data.indices where data[index] == 0x0A {
            if String(data: data[lineStart..<index], encoding: .utf8) == nil { return line }
            line += 1
            lineStart = index + 1
        }
        return line
    }
}
