import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One child process run by `aureon bench`: its output, exit status, wall time and peak RSS.
///
/// Spawned with `posix_spawn` and reaped with `wait4`, so the resource usage is this child's
/// alone (`RUSAGE_CHILDREN` would be the maximum over every child so far). Both output streams
/// go to temporary files, removed before returning, so nothing the child prints interleaves
/// with the report.
struct ChildRun {
    let output: String
    let errorOutput: String
    /// As the shell reports it: the exit code, or 128 + the signal that ended the child.
    let status: Int32
    let wallSeconds: Double
    let peakRSSBytes: Int

    /// The verdict of a child that exited 0.
    static let ok = "ok"

    /// ``ok``, or how the child failed and the first line it printed on stderr.
    var verdict: String {
        guard status != 0 else { return Self.ok }
        let said = errorOutput.split(separator: "\n").first.map { ": " + $0.prefix(160) } ?? ""
        return (status > 128 ? "killed by signal \(status - 128)" : "exit \(status)") + said
    }

    /// The child's stdout as one JSON object (empty when it printed something else).
    var jsonObject: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(output.utf8))) as? [String: Any] ?? [:]
    }

    static func spawn(executable: String, arguments childArguments: [String]) throws -> ChildRun {
        let stem = FileManager.default.temporaryDirectory.appendingPathComponent("aureon-bench-\(getpid())-\(UUID().uuidString)")
        let outputFile = stem.appendingPathExtension("out"), errorFile = stem.appendingPathExtension("err")
        defer {
            try? FileManager.default.removeItem(at: outputFile)
            try? FileManager.default.removeItem(at: errorFile)
        }
        let arguments = [executable] + childArguments
        let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        let clock = ContinuousClock()
        let started = clock.now
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else { throw BenchFailure("could not start \(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw BenchFailure("waiting for the benchmark child failed: \(String(cString: strerror(errno)))") }
        }
        let elapsed = started.duration(to: clock.now)
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18

        let text = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        let errorText = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
        let exitStatus = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        // Linux reports ru_maxrss in kilobytes.
        return ChildRun(output: text, errorOutput: errorText, status: exitStatus, wallSeconds: wall, peakRSSBytes: usage.ru_maxrss * 1_024)
    }

    /// The path of `name` in one of `$PATH`'s directories, if it is an executable file there.
    static func executableOnPath(_ name: String) -> String? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").prefix(256)
        for directory in directories where !directory.isEmpty {
            let candidate = directory + "/" + name
            if access(candidate, X_OK) == 0 { return String(candidate) }
        }
        return nil
    }
}

/// The benchmark harness itself could not do its work (a child that would not start, a
/// temporary file that could not be made): exit 3, like other I/O failures.
struct BenchFailure: CommandFailure {
    let description: String
    init(_ description: String) { self.description = description }
}
