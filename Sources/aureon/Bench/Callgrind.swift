import AureonScenario
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Counts the instructions a child run of this binary executes, with `valgrind --tool=callgrind`.
/// Instruction counts do not depend on the machine's load, unlike wall time.
///
/// Valgrind cannot read the debug info of the unstripped release binary, so the runs use a copy
/// with it stripped (`strip --strip-debug`: the same code), removed by ``remove()``.
final class Callgrind {
    let valgrind: String
    let binary: String

    /// Finds valgrind and strip on `$PATH` (bad input when either is missing: the user asked
    /// for something this machine cannot do) and makes the stripped copy of `executable`.
    init(copying executable: String) throws {
        guard let valgrind = ChildRun.executableOnPath("valgrind") else {
            throw InputError("--callgrind: valgrind is not installed (not found on PATH); run without --callgrind")
        }
        guard let strip = ChildRun.executableOnPath("strip") else {
            throw InputError("--callgrind: strip is not installed (not found on PATH); it is needed to give valgrind a binary it can read")
        }
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("aureon-bench-\(getpid())-\(UUID().uuidString)").path
        do {
            try FileManager.default.copyItem(atPath: executable, toPath: copy)
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: copy)
        } catch {
            try? FileManager.default.removeItem(atPath: copy)
            throw BenchFailure("--callgrind: could not copy \(executable) to \(copy): \(error.localizedDescription)")
        }
        let stripped = try ChildRun.spawn(executable: strip, arguments: ["--strip-debug", copy])
        guard stripped.status == 0 else {
            try? FileManager.default.removeItem(atPath: copy)
            throw BenchFailure("--callgrind: strip --strip-debug \(copy) failed (\(stripped.verdict))")
        }
        self.valgrind = valgrind
        self.binary = copy
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: binary)
    }

    /// Runs the stripped binary with `arguments` under callgrind; the count is nil when the
    /// child failed or valgrind printed no total.
    func instructions(_ arguments: [String]) throws -> (count: Int?, run: ChildRun) {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("aureon-bench-\(getpid())-\(UUID().uuidString).callgrind").path
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let run = try ChildRun.spawn(executable: valgrind, arguments: ["--tool=callgrind", "--callgrind-out-file=\(profile)", binary] + arguments)
        return (run.status == 0 ? Self.collected(in: run.errorOutput) : nil, run)
    }

    /// The total from valgrind's stderr: `==PID== Collected : 738612345`, or else the
    /// `I   refs:      738,612,345` line.
    static func collected(in text: String) -> Int? {
        if let match = text.firstMatch(of: /Collected\s*:\s*([0-9]+)/) { return Int(match.1) }
        if let match = text.firstMatch(of: /refs:\s*([0-9,]+)/) { return Int(match.1.filter { $0 != "," }) }
        return nil
    }
}
