import AureonPostgres
import Foundation
import PostgresNIO
import Testing

/// The console over a live cluster, in tmux: attached with `--live URL` to a database whose
/// nodes the test plays itself, and over `aureon live` with real node processes.
@Suite(.serialized, .enabled(if: PostgresBinaries.locate() != nil, "PostgreSQL server programs (initdb, pg_ctl) are not installed"))
struct LiveConsoleEndToEndTests {
    @Test func anAttachedConsoleShowsTheNodesAndDrainsThroughTheControlTable() throws {
        let server = try ThrowawayPostgres(binaries: try #require(PostgresBinaries.locate()))
        defer { server.stop() }
        let address = server.address
        let nodes = try LiveBlocking.run {
            let queue = try await LiveQueue.connect(to: address)
            try await queue.migrate()
            let first = try await queue.join(node: "node-a", pid: 101, host: "far")
            let second = try await queue.join(node: "node-b", pid: 102, host: "far")
            _ = try await queue.schedule(run: "run-1", maxReceiveCount: 3,
                                         shards: (0..<20).map { ShardSpec(key: "s\($0)", placement: nil, workMicros: 1_000) })
            await queue.close()
            return [first, second]
        }
        let session = try TmuxSession(["console", "--live", address.url])
        defer { session.close() }
        let attached = try session.waitFor("the nodes") { $0.contains(" LIVE ") && $0.contains("node-a") && $0.contains("node-b") }
        #expect(attached.ok, "\(attached.screen)")
        #expect(attached.screen.contains("0/20 committed"))
        try session.send("j", "d")
        let sent = try session.waitFor("the drain request") { $0.contains("drain requested for node-b") }
        #expect(sent.ok, "\(sent.screen)")
        // The test is node-b: it reads its order and drains, as `aureon node` does at a heartbeat.
        let ordered = try LiveBlocking.run {
            let queue = try await LiveQueue.connect(to: address)
            let rows = try await queue.connection.query("SELECT node, action FROM control ORDER BY id", logger: LiveLog.quiet).collect()
            let orders = try rows.map { try $0.decode((String, String).self) }
            _ = try await queue.setHealth(nodes[1], draining: true)
            await queue.close()
            return orders.map { "\($0.0) \($0.1)" }
        }
        #expect(ordered == ["node-b drain"])
        let drained = try session.waitFor("node-b draining") { screen in
            screen.split(separator: "\n").contains { $0.contains("node-b") && $0.contains("draining") }
        }
        #expect(drained.ok, "\(drained.screen)")
        try session.send(" ")
        let refused = try session.waitFor("the time key refused") { $0.contains("live: the wall clock rules") }
        #expect(refused.ok, "\(refused.screen)")
        try session.send("q")
        #expect(session.exitStatus() == 0)
    }

    /// Virtual seconds per wall second for the real processes: a heartbeat every 0.5 s, dead after 3 s.
    static let timeScale = 20

    /// `aureon ARGUMENTS` as a background process with its output thrown away.
    private func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func aKillRequestEndsARemoteNodeWhichTheConsoleShowsDeadWithItsShardsRedelivered() throws {
        let server = try ThrowawayPostgres(binaries: try #require(PostgresBinaries.locate()))
        defer { server.stop() }
        let address = server.address
        try LiveBlocking.run {
            let queue = try await LiveQueue.connect(to: address)
            try await queue.migrate()
            _ = try await queue.schedule(run: "run-1", maxReceiveCount: 5,
                                         shards: (0..<120).map { ShardSpec(key: "s\($0)", placement: nil, workMicros: 40_000_000) })
            await queue.close()
        }
        var processes = [try start(["coordinator", "--db", address.url, "--scan", "0.25", "--unresponsive-after", "1.5", "--dead-after", "3"])]
        for name in ["node-1", "node-2", "node-3"] {
            processes.append(try start(["node", "--db", address.url, "--name", name, "--concurrency", "4", "--time-scale", "\(Self.timeScale)"]))
        }
        defer {
            for process in processes where process.isRunning { process.interrupt() }
            for process in processes { process.waitUntilExit() }
        }
        let session = try TmuxSession(["console", "--live", address.url])
        defer { session.close() }
        let working = try session.waitFor("three nodes holding leases", timeout: .seconds(30)) { screen in
            ["node-1", "node-2", "node-3"].allSatisfy { name in
                screen.split(separator: "\n").contains { $0.contains(name) && $0.contains("healthy") }
            } && screen.contains("leased")
        }
        #expect(working.ok, "\(working.screen)")
        try session.send("j", "j", "x")
        let asked = try session.waitFor("the kill question") { $0.contains("kill node-3? a kill request it obeys by exiting") }
        #expect(asked.ok, "\(asked.screen)")
        try session.send("y")
        let dead = try session.waitFor("node-3 dead and its shards redelivered", timeout: .seconds(30)) { screen in
            screen.split(separator: "\n").contains { $0.contains("node-3") && $0.contains("dead") }
                && screen.split(separator: "\n").contains { $0.contains("run-1") && !$0.contains(" 0 redelivered") }
        }
        #expect(dead.ok, "\(dead.screen)")
        try session.send("q")
        #expect(session.exitStatus() == 0)
    }

    /// Processes whose command line starts with `aureon`'s path and `words` (ours and no one else's).
    /// The command lines of this binary's `words` processes; with `temporary`, only those whose
    /// TMPDIR is that directory (the processes one `aureon live` started: other suites running
    /// at the same time start coordinators and nodes of their own).
    private func running(_ words: String, temporary: URL? = nil) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid -> String? in
            guard Int32(pid) != nil, let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
            let line = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\u{0}", with: " ")
            guard line.hasPrefix("\(CLI.binary.path) \(words)") else { return nil }
            if let temporary {
                let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ").map { String(decoding: $0, as: UTF8.self) } ?? ""
                guard environment.split(separator: "\u{0}").contains(Substring("TMPDIR=\(temporary.path)/")) else { return nil }
            }
            return line
        }
    }

    /// A private TMPDIR for one `aureon live` (short: the database's socket lives under it).
    private func makeScratch() throws -> URL {
        let scratch = URL(fileURLWithPath: "/tmp/aureon-tmux-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        return scratch
    }

    /// The LEASES figure of `node`'s row in the nodes table, if the row is on screen.
    private func leases(of node: String, on screen: String) -> Int? {
        for line in screen.split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "│" || $0 == "▸" })
            guard let index = words.firstIndex(where: { $0 == node }), words.count > index + 4 else { continue }
            return Int(words[index + 4])  // NODE INC ● HEALTH LEASES
        }
        return nil
    }

    /// The run's "N redelivered" figure, if the runs pane is on screen.
    private func redelivered(on screen: String) -> Int? {
        guard let range = screen.range(of: #"(\d+) redelivered"#, options: .regularExpression) else { return nil }
        return Int(screen[range].split(separator: " ")[0])
    }

    /// The acceptance run of the console over `aureon live`: the nodes appear, a drain takes
    /// effect, a node killed while it holds leases shows dead and its shards are redelivered
    /// to the others, and quitting leaves nothing running — no node, no coordinator, no
    /// PostgreSQL server — and nothing in the private TMPDIR that held the database and logs.
    @Test func aureonLiveStartsTheClusterDrainsKillsAndQuitsLeavingNothing() throws {
        let scratch = try makeScratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let session = try TmuxSession(["live", "--nodes", "3", "--time-scale", "\(Self.timeScale)", "--items", "30000", "--shard-size", "20"],
                                      environment: ["TMPDIR": scratch.path + "/"])
        defer { session.close() }
        let up = try session.waitFor("three nodes at work", timeout: .seconds(60)) { screen in
            ["node-01", "node-02", "node-03"].allSatisfy { name in
                screen.split(separator: "\n").contains { $0.contains(name) && $0.contains("healthy") && $0.contains("started here") }
            }
        }
        #expect(up.ok, "\(up.screen)")
        try session.send("d")
        let drained = try session.waitFor("node-01 draining", timeout: .seconds(30)) { screen in
            screen.split(separator: "\n").contains { $0.contains("node-01") && $0.contains("draining") }
        }
        #expect(drained.ok, "\(drained.screen)")
        // Kill node-02 while it holds leases, so there is work to redeliver.
        let busy = try session.waitFor("node-02 holding leases", timeout: .seconds(30)) { (leases(of: "node-02", on: $0) ?? 0) > 0 }
        #expect(busy.ok, "\(busy.screen)")
        try session.send("j", "x", "y")
        let dead = try session.waitFor("node-02 dead, its shards redelivered", timeout: .seconds(60)) { screen in
            screen.split(separator: "\n").contains { $0.contains("node-02") && $0.contains("dead") } && (redelivered(on: screen) ?? 0) > 0
        }
        #expect(dead.ok, "\(dead.screen)")
        let pids = running("node", temporary: scratch) + running("coordinator", temporary: scratch)
        try session.send("q")
        #expect(session.exitStatus(timeout: .seconds(30)) == 0)
        #expect(running("node", temporary: scratch).isEmpty)
        #expect(running("coordinator", temporary: scratch).isEmpty)
        #expect(pids.isEmpty == false, "the node and coordinator processes were seen while running")
        // The throwaway database lived in the private TMPDIR: no server runs from it, nothing is left in it.
        var left: [String] = []
        for _ in 0..<300 {  // the server's reaper stops it as soon as the console's end of its lifeline closes
            left = postgresServers(under: scratch.path) + ((try? FileManager.default.contentsOfDirectory(atPath: scratch.path)) ?? [])
            if left.isEmpty { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(left.isEmpty, "left behind: \(left)")
    }

    /// A partition over `aureon live`: the node's proxy cuts it off from the database; silent,
    /// it is declared dead and fenced, and once the partition heals it reconnects and rejoins
    /// as its next incarnation (the table shows INC 2), while the process itself never stopped.
    @Test func aPartitionedNodeIsFencedAndRejoinsAsItsNextIncarnationWhenItHeals() throws {
        let scratch = try makeScratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let session = try TmuxSession(["live", "--nodes", "2", "--time-scale", "\(Self.timeScale)", "--items", "30000", "--shard-size", "20"],
                                      environment: ["TMPDIR": scratch.path + "/"])
        defer { session.close() }
        let up = try session.waitFor("two nodes at work", timeout: .seconds(60)) { screen in
            ["node-01", "node-02"].allSatisfy { name in
                screen.split(separator: "\n").contains { $0.contains(name) && $0.contains("healthy") && $0.contains("started here") }
            }
        }
        #expect(up.ok, "\(up.screen)")
        let pid = running("node", temporary: scratch).first { $0.contains("--name node-01") }
        try session.send("N", "BSpace", "BSpace", "8", "Enter")
        let cut = try session.waitFor("node-01 partitioned") { $0.contains("partitioned, heals in") }
        #expect(cut.ok, "\(cut.screen)")
        let back = try session.waitFor("node-01 back as incarnation 2", timeout: .seconds(60)) { screen in
            screen.split(separator: "\n").contains { line in
                let words = line.split(whereSeparator: { $0 == " " || $0 == "│" || $0 == "▸" })
                return words.first == "node-01" && words.count > 1 && words[1] == "2" && line.contains("healthy")
            }
        }
        #expect(back.ok, "\(back.screen)")
        #expect(pid != nil)
        #expect(running("node", temporary: scratch).first { $0.contains("--name node-01") } == pid, "the same process, never restarted")
        try session.send("q")
        #expect(session.exitStatus(timeout: .seconds(30)) == 0)
        #expect(running("node", temporary: scratch).isEmpty)
    }

    /// PostgreSQL servers whose command line names a directory under `path`.
    private func postgresServers(under path: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid -> String? in
            guard Int32(pid) != nil, let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
            let line = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\u{0}", with: " ")
            return line.contains("postgres") && line.contains(path) ? line : nil
        }
    }
}
