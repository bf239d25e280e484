#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Runs a short-lived helper program (initdb, pg_ctl) to completion and keeps what it printed,
/// so a failure can be reported with the program's own last line.
///
/// The output goes to a file, not a pipe: the server that `pg_ctl start` leaves running
/// inherits whatever descriptors it is given, and would hold a pipe open for ever.
enum CommandRunner {
    struct Outcome {
        let status: Int32
        let output: String
        /// The last non-empty line printed, the one that usually says what went wrong.
        var lastLine: String {
            output.split(whereSeparator: \.isNewline).last.map(String.init) ?? "exit status \(status)"
        }
    }

    /// Runs `command` (the program's path, then its arguments), its output into `log`.
    static func run(_ command: [String], log: String) throws(LiveError) -> Outcome {
        let output = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw LiveError(.io, "cannot create \(log)") }
        let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer {
            close(output)
            if input >= 0 { close(input) }
        }
        let pid = try ChildProcess.spawn(command, stdin: input, stdout: output)
        let status = ChildProcess.wait(pid)
        let printed = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return Outcome(status: status, output: printed)
    }
}
