import ArgumentParser
import AureonScenario
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `aureon bench`: runs the benchmark workloads (BENCHMARKS.md), each in a child process of
/// this binary (`aureon simulate --scenario … --json`), so that wall time and peak RSS are
/// whole-process figures: start-up, scenario parsing and tear-down included. Hidden from the
/// help; never run by `swift test` (timings do not belong in tests).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run the W1, W-mid and W2 workloads and the console frame benchmark; print wall time, throughput and peak RSS.",
        shouldDisplay: false
    )

    enum Workload: String, CaseIterable, ExpressibleByArgument {
        case w1, mid, w2

        var file: String {
            switch self {
            case .w1: "bench-w1.yaml"
            case .mid: "bench-wmid.yaml"
            case .w2: "bench-w2.yaml"
            }
        }

        var label: String {
            switch self {
            case .w1: "W1"
            case .mid: "W-mid"
            case .w2: "W2"
            }
        }
    }

    @Option(name: .long, help: "Run only this workload (w1, mid or w2).")
    var only: Workload?
    @Option(name: .customLong("repeat"), help: "Runs per workload; the fastest is reported (the machine may be shared).")
    var repetitions: Int = 1
    @Option(name: .customLong("demo-dir"), help: "Directory holding the bench-*.yaml scenarios.")
    var demoDirectory = "demo"

    func validate() throws {
        guard (1...20).contains(repetitions) else { throw ValidationError("--repeat must be between 1 and 20 (got \(repetitions))") }
    }

    func run() throws {
        let workloads = only.map { [$0] } ?? Workload.allCases
        let executable = Self.ownExecutable()
        var rows: [[String]] = []
        var failed = false
        for workload in workloads {
            let scenario = URL(fileURLWithPath: demoDirectory).appendingPathComponent(workload.file).path
            guard FileManager.default.fileExists(atPath: scenario) else {
                throw InputError("\(scenario): benchmark scenario not found (run from the repository root or pass --demo-dir)")
            }
            var best: ChildRun?
            for _ in 0..<repetitions {
                let run = try ChildRun.simulate(executable: executable, scenario: scenario)
                if run.status != 0 { failed = true }
                if best.map({ run.wallSeconds < $0.wallSeconds }) ?? true { best = run }
            }
            guard let best else { continue }
            let summary = best.summary
            let events = summary["events_processed"] as? Int ?? 0
            rows.append([
                workload.label,
                String(summary["nodes"] as? Int ?? 0),
                String(summary["shards_total"] as? Int ?? 0),
                String(format: "%.3f", best.wallSeconds),
                String(events),
                String(format: "%.0f", best.wallSeconds > 0 ? Double(events) / best.wallSeconds : 0),
                String(format: "%.1f", Double(best.peakRSSKilobytes) / 1024),
                summary["trace_hash"] as? String ?? "?",
            ])
        }
        print(Self.table(header: ["workload", "nodes", "shards", "wall s", "events", "events/s", "peak RSS MB", "trace hash"], rows: rows))
        if only == nil {
            // The console frame: the main view of a 10,000-node cluster into the in-memory backend.
            var frameRows: [[String]] = []
            for nodes in [1_000, 10_000] {
                let run = try ChildRun.spawn(executable: executable, arguments: ["bench-console", "--nodes", String(nodes), "--frames", "300"])
                if run.status != 0 { failed = true }
                let perFrame = run.output.firstMatch(of: /([0-9.]+) ms\/frame/).map { String($0.1) } ?? "?"
                let rate = run.output.firstMatch(of: /([0-9.]+) frames\/s/).map { String($0.1) } ?? "?"
                frameRows.append(["console frame", String(nodes), perFrame, rate, String(format: "%.3f", run.wallSeconds),
                                  String(format: "%.1f", Double(run.peakRSSKilobytes) / 1024)])
            }
            print("")
            print(Self.table(header: ["benchmark", "nodes", "ms/frame", "frames/s", "wall s", "peak RSS MB"], rows: frameRows))
        }
        if failed { throw ExitCode(1) }
    }

    /// This binary's path: the child runs exactly the code being measured.
    static func ownExecutable() -> String {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        #endif
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }

    /// Right-aligned columns (the first left-aligned), separated by two spaces.
    static func table(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)).joined(separator: "\n")
    }
}

/// One child run of this binary: its output, exit status, wall time and peak RSS.
///
/// Spawned with `posix_spawn` and reaped with `wait4`, so the resource usage is this child's
/// alone (`RUSAGE_CHILDREN` would be the maximum over every child so far).
struct ChildRun {
    let output: String
    let status: Int32
    let wallSeconds: Double
    let peakRSSKilobytes: Int

    /// The `simulate --json` summary.
    var summary: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(output.utf8))) as? [String: Any] ?? [:] }

    static func simulate(executable: String, scenario: String) throws -> ChildRun {
        try spawn(executable: executable, arguments: ["simulate", "--scenario", scenario, "--json"])
    }

    static func spawn(executable: String, arguments childArguments: [String]) throws -> ChildRun {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("aureon-bench-\(getpid())-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: output) }
        let arguments = [executable] + childArguments
        let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        let clock = ContinuousClock()
        let started = clock.now
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else { throw InputError("could not start \(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw InputError("waiting for the benchmark child failed: \(String(cString: strerror(errno)))") }
        }
        let elapsed = started.duration(to: clock.now)
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18

        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        // Exit status as the shell reports it: the code, or 128 + the signal that ended it.
        let exitStatus = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return ChildRun(output: text, status: exitStatus, wallSeconds: wall, peakRSSKilobytes: usage.ru_maxrss)
    }
}
