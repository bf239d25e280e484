import AureonCluster
import AureonPostgres
import PostgresNIO
import Testing

/// The console's reader and watch against a real (throwaway) cluster.
@Suite(.enabled(if: PostgresFixture.available, PostgresFixture.skipReason))
struct LiveClusterWatchTests {
    /// Reads of the watch's mailbox, 20 ms apart, before a test gives up on an update.
    static let polls = 500

    /// Polls `watch` until an update satisfies `wanted`; every update seen is returned.
    private func await(_ watch: LiveClusterWatch, _ wanted: (LiveWatchUpdate) -> Bool) async throws -> [LiveWatchUpdate] {
        var seen: [LiveWatchUpdate] = []
        for _ in 0..<Self.polls {
            let updates = watch.takeUpdates()
            seen += updates
            if updates.contains(where: wanted) { return seen }
            try await Task.sleep(for: .milliseconds(20))
        }
        return seen
    }

    @Test func theReaderCountsLeasesAndCommitsPerNodeAndShardsPerRun() async throws {
        let fixture = try PostgresFixture()
        let queue = try await fixture.queue()
        _ = try await queue.schedule(run: "run-1", maxReceiveCount: 3, shards: (0..<5).map { ShardSpec(key: "s\($0)", placement: nil, workMicros: 1) })
        let node = try await queue.join(node: "node-1", pid: 7, host: "here")
        let leased = try await queue.lease(for: node, limit: 3, visibilitySeconds: 60)
        #expect(try await queue.ack(leased[0]) == .applied)
        let snapshot = try await LiveClusterReader(queue: queue).read(after: 0)
        #expect(snapshot.nodes == [LiveNodeRow(name: "node-1", incarnation: 1, health: .healthy, silenceMicros: snapshot.nodes[0].silenceMicros,
                                               pid: 7, host: "here", leases: 2, committed: 1)])
        #expect(snapshot.runs.map(\.name) == ["run-1"])
        #expect(snapshot.runs.first.map { [$0.ready, $0.leased, $0.committed, $0.deadLettered, $0.redelivered] } == [2, 2, 1, 0, 0])
        #expect(snapshot.events.first?.kind == EventKind.runScheduled.rawValue)
        #expect(snapshot.newEvents == snapshot.events.count)
        let later = try await LiveClusterReader(queue: queue).read(after: snapshot.lastSeq)
        #expect(later.events.isEmpty && later.newEvents == 0 && later.lastSeq == snapshot.lastSeq)
        await fixture.close()
    }

    @Test func aLostConnectionIsReportedThenCaughtUpAfterReconnecting() async throws {
        let fixture = try PostgresFixture()
        let admin = try await fixture.queue()
        let watch = LiveClusterWatch(address: fixture.server.address)
        let watching = Task.detached { await watch.run() }
        _ = try await self.await(watch) { if case .state = $0 { true } else { false } }
        // The watch's backend is ended under it, as a database restart would; meanwhile work goes on.
        _ = try await admin.connection.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'",
                                             logger: LiveLog.quiet).collect()
        _ = try await admin.join(node: "node-1", pid: 7, host: "here")
        _ = try await admin.join(node: "node-2", pid: 8, host: "here")
        let seen = try await self.await(watch) { if case .reconnected = $0 { true } else { false } }
        watch.stop()
        await watching.value
        #expect(seen.contains { if case .unreachable = $0 { true } else { false } })
        #expect(seen.contains(.reconnected(caughtUp: 2)))
        await fixture.close()
    }

    @Test func controlRequestsReachTheTable() async throws {
        let fixture = try PostgresFixture()
        let admin = try await fixture.queue()
        let watch = LiveClusterWatch(address: fixture.server.address)
        let watching = Task.detached { await watch.run() }
        #expect(watch.request(.drain, for: "node-1"))
        let seen = try await self.await(watch) { if case .requested = $0 { true } else { false } }
        watch.stop()
        await watching.value
        #expect(seen.contains { if case .requested(.drain, "node-1", _) = $0 { true } else { false } })
        #expect(try await admin.pendingControl(for: "node-1").map(\.action) == [.drain])
        await fixture.close()
    }
}
