import AureonPostgres
import Foundation
import Testing

/// `aureon live run` through the real binary: issue #14's acceptance run, the promise that
/// nothing outlives it whichever signal ends it, and bad input (one line, exit 2).
///
/// Every run gets a private TMPDIR, so the throwaway database's directory and the launcher's
/// log directory are the only things in it: an empty TMPDIR afterwards means no database
/// cluster and no logs were left. The processes are found through the database's port, which
/// every coordinator and node command line carries.
@Suite(.serialized)
struct LiveRunEndToEndTests {
    static let postgresAvailable = PostgresBinaries.locate() != nil

    /// The zombie story needs `self_fencing: false`: with self-fencing on (the default), a
    /// paused node gives its leases up itself at deadline − lease_margin when it wakes and
    /// writes nothing late. Durations are virtual; at `--time-scale 20` the visibility timeout
    /// is 1 s of wall time, a node is dead after 0.5 s of silence, and a shard's work
    /// (1–2 s virtual) is 50–100 ms.
    static let zombieScenario = """
        name: live-zombie
        seed: 14
        cluster: { self_fencing: false, nodes: 4, concurrency: 8, heartbeat_interval: 2s, visibility_timeout: 20s, lease_margin: 2s, checkpoint_interval: 500ms, scan_interval: 2s, unresponsive_after: 6s, dead_after: 10s }
        runs:
          - { id: rqml-run-001, at: 0s, items: 2000, shard_size: 1, work: 1s..2s, max_iterations: 1 }
        expect: { invariants: hold, min_stale_writes_rejected: 1 }
        """

    // MARK: Acceptance

    /// 4 node processes and 2,000 shards; node-03 and node-04 SIGKILLed at 10 s (virtual),
    /// node-01 SIGSTOPped at 20 s for 60 s — past its visibility timeout and past dead_after,
    /// so the coordinator fences it and its shards go to node-02 — then continued: every
    /// shard committed exactly once, node-01's late writes rejected as stale, the history
    /// check passes, and no process nor database cluster is left.
    @Test(.enabled(if: postgresAvailable, "PostgreSQL server programs (initdb, pg_ctl) are not installed"))
    func killsAndAZombieLoseNoShardAndDoubleNone() throws {
        let scratch = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let scenario = scratch.appendingPathComponent("zombie.yaml").path
        try Self.zombieScenario.write(toFile: scenario, atomically: true, encoding: .utf8)
        let run = try LiveRun(["--scenario", scenario, "--time-scale", "20", "--kill", "2", "--at", "10s",
                               "--pause", "node-01", "--at", "20s", "--for", "60s", "--json"], scratch: scratch)
        let started = try #require(run.waitForProcesses(5), "the coordinator and 4 nodes never all ran")
        let status = run.wait()
        let summary = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(summary["shards_total"] as? Int == 2000)
        #expect(summary["shards_committed"] as? Int == 2000)
        #expect(summary["duplicate_commits"] as? Int == 0)
        #expect(summary["lost_shards"] as? Int == 0)
        #expect(summary["dead_lettered"] as? Int == 0)
        #expect((summary["stale_writes_rejected"] as? Int ?? 0) > 0)
        #expect((summary["incarnations_fenced"] as? Int ?? 0) >= 2)
        #expect((summary["redeliveries"] as? Int ?? 0) > 0)
        #expect(summary["invariant_violations"] as? Int == 0)
        #expect(summary["processes"] as? Int == 5)
        #expect(summary["passed"] as? Bool == true)
        #expect(run.leftBehind(started).isEmpty)
    }

    // MARK: Nothing left behind

    /// Whatever signal ends `aureon live run` — even SIGKILL, which it cannot see — its nodes,
    /// its coordinator and its database are gone afterwards, and so are their directories.
    @Test(.enabled(if: postgresAvailable, "PostgreSQL server programs (initdb, pg_ctl) are not installed"),
          arguments: [SIGINT, SIGTERM, SIGHUP, SIGKILL])
    func aSignalLeavesNothingBehind(signal: Int32) throws {
        let scratch = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        // Work that never finishes in the test's time: the run is interrupted mid-way.
        let run = try LiveRun(["--items", "200", "--shard-size", "1", "--work", "1h..1h", "--json"], scratch: scratch)
        let started = try #require(run.waitForProcesses(5), "the coordinator and 4 nodes never all ran")
        kill(run.process.processIdentifier, signal)
        let status = run.wait()
        #expect(status == (signal == SIGKILL ? 128 + SIGKILL : 1), "\(run.stderr)")
        if signal != SIGKILL { #expect(run.stderr.contains("stopped by signal \(signal)")) }
        #expect(run.leftBehind(started).isEmpty)
    }

    // MARK: Bad input

    @Test(arguments: [
        (["--kill", "2"], "aureon: --at: give one after --kill N and one after --pause NODE (got 0 for 1)"),
        (["--at", "1s"], "aureon: --at: give one after --kill N and one after --pause NODE (got 1 for 0)"),
        (["--kill", "1", "--at", "soon"], "aureon: --at: "),
        (["--kill", "4", "--at", "1s"], "aureon: --kill: 4 must be between 1 and 3"),
        (["--kill", "3", "--at", "1s", "--pause", "node-01", "--at", "2s", "--for", "1m"], "aureon: --kill: 3 must be between 1 and 2"),
        (["--pause", "node-09", "--at", "1s", "--for", "2s"], "aureon: --pause: no node 'node-09' (node-01…node-04)"),
        (["--pause", "node-01", "--at", "1s"], "aureon: --pause needs --for D"),
        (["--for", "1s"], "aureon: --for needs --pause NODE"),
        (["--pause", "node-01", "--at", "1s", "--for", "0s"], "aureon: --for: "),
        (["--time-scale", "0"], "aureon: --time-scale: 0.0 is outside 0.01…1000"),
        (["--nodes", "65"], "aureon: --nodes: a live run starts at most 64 node processes (got 65)"),
        (["--nodes", "0"], "aureon: --nodes: "),
        (["--iterations", "2"], "aureon: --iterations: a live run makes one pass over each run's shards"),
        (["--work", "9s..1s"], "aureon: --work: "),
        (["--db", "mysql://nowhere"], "aureon: "),
        (["--db", "postgres://postgres@127.0.0.1:1/postgres"], "aureon: cannot reach the database at "),
        (["--scenario", "/nonexistent/aureon.yaml"], "aureon: /nonexistent/aureon.yaml"),
        (["--bogus"], "aureon: "),
    ])
    func badInputIsOneLineAndExitTwo(arguments: [String], prefix: String) throws {
        let result = try CLI.run(["live", "run"] + arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.hasPrefix(prefix), "\(arguments): \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty, "\(arguments): \(result.stdout)")
    }

    @Test func scenarioActionsAreRefusedNamingTheLine() throws {
        let scratch = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let path = scratch.appendingPathComponent("actions.yaml").path
        try "name: with-actions\ncluster: { nodes: 4 }\nactions:\n  - { at: 20s, kill: node-02 }\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLI.run(["live", "run", "--scenario", path])
        #expect(result.status == 2)
        #expect(result.stderr == "aureon: \(path):4: actions: a live run takes its kills and pauses from --kill and --pause\n")
    }
}

/// One `aureon live run` in the background, with a private TMPDIR.
private final class LiveRun {
    let process = Process()
    let scratch: URL
    private let temporary: URL
    private let out = Pipe()
    private let err = Pipe()
    private(set) var stdout = ""
    private(set) var stderr = ""

    init(_ arguments: [String], scratch: URL) throws {
        self.scratch = scratch
        temporary = scratch.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        process.executableURL = CLI.binary
        process.arguments = ["live", "run"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = temporary.path + "/"
        process.environment = environment
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Waits for the run to end; returns its exit status (128 + signal when a signal ended it).
    func wait() -> Int32 {
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        stdout = String(decoding: outData, as: UTF8.self)
        stderr = String(decoding: errData, as: UTF8.self)
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }

    /// Polls (bounded, 60 s) until `count` processes carry the throwaway database's address
    /// (the coordinator and the nodes); returns them and the server's pid, or nil.
    func waitForProcesses(_ count: Int) -> [pid_t]? {
        for _ in 0..<600 {
            if let port = serverPort(), let server = serverPID() {
                let members = Self.processes(mentioning: "127.0.0.1:\(port)/")
                if members.count >= count { return members + [server] }
            }
            guard process.isRunning else { return nil }
            usleep(100_000)
        }
        return nil
    }

    /// What is still there (bounded wait, 30 s): processes of `started` still alive, and
    /// entries in the private TMPDIR.
    func leftBehind(_ started: [pid_t]) -> [String] {
        var left: [String] = []
        for _ in 0..<300 {
            left = started.filter(Self.isAlive).map { "pid \($0)" }
                + ((try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? [])
            if left.isEmpty { return left }
            usleep(100_000)
        }
        return left
    }

    private var postmasterPID: [Substring]? {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: temporary.path),
              let database = entries.first(where: { $0.hasPrefix("aureon-pg-") }),
              let text = try? String(contentsOfFile: "\(temporary.path)/\(database)/data/postmaster.pid", encoding: .utf8)
        else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.count >= 4 ? lines : nil
    }

    private func serverPort() -> Int? { postmasterPID.flatMap { Int($0[3]) } }
    private func serverPID() -> pid_t? { postmasterPID.flatMap { pid_t($0[0]) } }

    /// Every process whose command line contains `text`.
    static func processes(mentioning text: String) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry), isAlive(pid),
                  let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return nil }
            let line = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            return line.contains(text) ? pid : nil
        }.sorted()
    }

    static func isAlive(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(close, offsetBy: 2)...].first
        return state != "Z" && state != "X"
    }
}
