import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The worker's side of ``WorkerPool``: reads request lines from stdin until end-of-file and
/// answers each with reply lines on stdout, then one empty line.
///
/// Each reply line is written with one `write(2)` as soon as it is ready, not buffered: if the
/// worker then crashes, the pool knows how far into the request it got (for the fuzzer: which
/// seed was running).
enum WorkerService {
    /// Serves requests until stdin ends. `answer(request, reply)` calls `reply(line)` for each
    /// reply line (non-empty, no newline). If the pool has gone (a write fails), the worker exits.
    static func serve(_ answer: (String, (String) -> Void) throws -> Void) throws {
        while let request = readLine(strippingNewline: true) {
            try answer(request) { line in
                precondition(!line.isEmpty && !line.contains("\n"), "a reply line is non-empty and one line")
                writeAll(line + "\n")
            }
            writeAll("\n")
        }
    }

    private static func writeAll(_ text: String) {
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
            if result < 0 {
                if errno == EINTR { continue }
                // Nobody is listening any more: there is no one to report to.
                exit(Entry.ioFailureStatus)
            }
            written += result
        }
    }
}
