import AureonPostgres
import Foundation
import Testing

/// Live processes over a database that goes away under them: restarted (they reconnect and go
/// on), or gone for good (they give up, exit 3).
@Suite(.serialized, .enabled(if: PostgresBinaries.locate() != nil, "PostgreSQL server programs (initdb, pg_ctl) are not installed"))
struct LiveReconnectTests {
    private func startServer() throws -> ThrowawayPostgres {
        try ThrowawayPostgres(binaries: try #require(PostgresBinaries.locate()))
    }

    @Test func theCoordinatorReconnectsAfterARestartAndStillFencesASilentNode() async throws {
        let server = try startServer()
        defer { server.stop() }
        let coordinator = try RunningCLI(["coordinator", "--db", server.address.url,
                                          "--scan", "0.1", "--unresponsive-after", "1", "--dead-after", "2"])
        defer { coordinator.killIfRunning() }
        #expect(await coordinator.waitForLine { $0 == "coordinator: watching \(server.address)" })
        try server.restart()
        #expect(await coordinator.waitForLine { $0.hasPrefix("database unreachable: ") && $0.hasSuffix(", reconnecting") })
        #expect(await coordinator.waitForLine { $0 == "database reachable again" })
        // Joined after the restart and never heard again: only a scan after the reconnect can fence it.
        let queue = try await LiveQueue.connect(to: server.address)
        let node = try await queue.join(node: "silent", pid: 1, host: "test")
        #expect(await coordinator.waitForLine { $0 == "node_dead \(node)" })
        #expect(try await queue.heartbeat(node) == .fenced)
        await queue.close()
        #expect(await coordinator.terminate() == 0)
        #expect(coordinator.stderr.isEmpty)
    }

    @Test func theCoordinatorGivesUpOnADatabaseGoneForGood() async throws {
        let server = try startServer()
        defer { server.stop() }
        let coordinator = try RunningCLI(["coordinator", "--db", server.address.url, "--scan", "0.1", "--give-up-after", "0.5"])
        defer { coordinator.killIfRunning() }
        #expect(await coordinator.waitForLine { $0.hasPrefix("coordinator: watching") })
        server.stop()
        #expect(await coordinator.waitForExit() == 3)
        #expect(coordinator.lines.contains { $0.hasPrefix("database unreachable: ") })
        let expected = "aureon: database unreachable for 0.5 s, giving up: cannot reach the database at \(server.address): "
        #expect(coordinator.stderr.hasPrefix(expected))
        #expect(coordinator.stderr.split(separator: "\n").count == 1)
    }

    /// Two node processes and a coordinator over a database restarted mid-run: the nodes lose
    /// their connections, reconnect and finish, and the history says every shard was committed
    /// exactly once.
    @Test func nodesSurviveADatabaseRestartMidRun() async throws {
        let server = try startServer()
        defer { server.stop() }
        let shards = 400
        let setup = try await LiveQueue.connect(to: server.address)
        try await setup.migrate()
        // 3 virtual seconds of work each, played 10 times faster: about 7.5 s for two nodes of 8
        // slots, long enough that a loaded machine's polling still sees the run mid-way.
        let specs = (0..<shards).map { ShardSpec(key: "item:\($0)", placement: nil, workMicros: 3_000_000) }
        let run = try await setup.schedule(run: "restart", maxReceiveCount: 10, shards: specs)
        await setup.close()
        let url = server.address.url
        let coordinator = try RunningCLI(["coordinator", "--db", url, "--scan", "0.5", "--unresponsive-after", "3", "--dead-after", "6"])
        defer { coordinator.killIfRunning() }
        let nodes = try (1...2).map { try RunningCLI(["node", "--db", url, "--name", "node-\($0)", "--time-scale", "10"]) }
        defer { for node in nodes { node.killIfRunning() } }
        for node in nodes { #expect(await node.waitForLine { $0.contains(" joined pid ") }) }

        // Restart once a quarter is committed (polled, bounded: 60 s).
        var committedBefore = 0
        for _ in 0..<600 where committedBefore < shards / 4 {
            committedBefore = try await Self.counts(at: server.address, run: run).committed
            if committedBefore < shards / 4 { await RunningCLI.pause(milliseconds: 100) }
        }
        #expect(committedBefore >= shards / 4 && committedBefore < shards, "restarted at \(committedBefore) committed")
        try server.restart()

        var counts = ShardCounts()
        for _ in 0..<1_200 {
            counts = try await Self.counts(at: server.address, run: run)
            if counts.open == 0 { break }
            await RunningCLI.pause(milliseconds: 100)
        }
        #expect(counts == ShardCounts(open: 0, committed: shards, deadLettered: 0))
        for node in nodes {
            #expect(node.lines.contains { $0.contains("database unreachable") }, "\(node.lines.suffix(5))")
            #expect(await node.terminate() == 0, "\(node.stderr)")
            #expect(node.lines.last?.contains(" stopped") == true, "\(node.lines.suffix(3))")
        }
        #expect(await coordinator.terminate() == 0)
        let check = try CLI.run(["live", "check", url, "--json"])
        #expect(check.status == 0, "\(check.stdout)")
        let report = try CLI.summary(check)
        #expect(report["passed"] as? Bool == true)
        #expect(report["committed"] as? Int == shards)
        #expect(report["dead_lettered"] as? Int == 0)
    }

    /// The run's counts on a connection of their own (the test's, not a node's).
    private static func counts(at address: DatabaseAddress, run: Int64) async throws -> ShardCounts {
        let queue = try await LiveQueue.connect(to: address)
        do {
            let counts = try await queue.counts(run: run)
            await queue.close()
            return counts
        } catch {
            await queue.close()
            throw error
        }
    }
}
