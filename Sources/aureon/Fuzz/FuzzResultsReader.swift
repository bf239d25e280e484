import AureonScenario
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads `aureon fuzz --jsonl` files (the shards of a campaign, in any order, concatenated or
/// not) and returns their records in seed order. A line that is not a record, or a seed that
/// appears twice, is bad input: one line naming the file and line, nothing reported.
enum FuzzResultsReader {
    /// Longest line read, in bytes (a record is about 150; a failure's detail a few hundred).
    static let maximumLineBytes = 1 << 20

    /// A line that could not be read as input: the file and line it came from.
    private struct Origin {
        let file: Int
        let line: Int
    }

    static func read(paths: [String]) throws -> [FuzzRecord] {
        var records: [FuzzRecord] = []
        var origins: [Origin] = []
        for (fileIndex, path) in paths.enumerated() {
            try forEachLine(of: path) { number, line in
                guard !line.isEmpty else { return }
                switch FuzzRecord.parse(jsonLine: line) {
                case let .success(record):
                    records.append(record)
                    origins.append(Origin(file: fileIndex, line: number))
                case let .failure(problem):
                    throw InputError(file: path, line: number, problem.message)
                }
            }
        }
        let order = records.indices.sorted { records[$0].seed < records[$1].seed }
        for (earlier, later) in zip(order, order.dropFirst()) where records[earlier].seed == records[later].seed {
            let (first, second) = (min(earlier, later), max(earlier, later))
            throw InputError(file: paths[origins[second].file], line: origins[second].line,
                             "seed: \(records[second].seed) appears twice (also at \(paths[origins[first].file]):\(origins[first].line))")
        }
        return order.map { records[$0] }
    }

    /// Calls `body(lineNumber, line)` for each line of the file, streaming (files of millions of
    /// seeds are larger than any input file read whole).
    private static func forEachLine(of path: String, _ body: (Int, String) throws -> Void) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { throw InputError(file: path, String(cString: strerror(errno)).lowercased()) }
        guard info.st_mode & S_IFMT != S_IFDIR else { throw InputError(file: path, "is a directory, not a file") }
        guard let file = fopen(path, "r") else { throw InputError(file: path, String(cString: strerror(errno)).lowercased()) }
        defer { fclose(file) }
        var buffer: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(buffer) }
        var number = 0
        while true {
            let length = getline(&buffer, &capacity, file)
            guard length >= 0, let buffer else { break }
            number += 1
            guard length <= maximumLineBytes else { throw InputError(file: path, line: number, "record: line longer than \(maximumLineBytes) bytes") }
            let bytes = UnsafeRawBufferPointer(start: buffer, count: length)
            var line = String(decoding: bytes, as: UTF8.self)
            if line.hasSuffix("\n") { line.removeLast() }
            try body(number, line)
        }
        if ferror(file) != 0 { throw FileReadFailure(path: path) }
    }

    /// Reading a results file failed after it opened (an I/O error): exit 3, not 2.
    struct FileReadFailure: CommandFailure {
        let path: String
        var description: String { "\(path): read failed (input/output error)" }
    }
}
