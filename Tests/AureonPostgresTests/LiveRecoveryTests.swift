import AureonCluster
import AureonEngine
import AureonPostgres
import Testing

/// Core v2's failure detector driven from the database's heartbeats.
@Suite(.enabled(if: PostgresFixture.available, PostgresFixture.skipReason))
struct LiveRecoveryTests {
    private let hour = VirtualDuration(microseconds: 3_600_000_000)

    @Test func aSilentNodeIsFencedAndItsLeasesRevoked() async throws {
        let fixture = try PostgresFixture()
        let queue = try await fixture.queue()
        _ = try await queue.schedule(run: "recover", maxReceiveCount: 5, shards: [ShardSpec(key: "item:0", placement: nil, workMicros: 1_000)])
        let node = try await queue.join(node: "node-1", pid: 1, host: "test")
        let held = try #require(try await queue.lease(for: node, limit: 1, visibilitySeconds: 60).first)
        // Dead after no silence at all: the first scan declares it.
        let recovery = LiveRecovery(detector: FailureRecovery(unresponsiveAfter: .zero, deadAfter: .zero))
        let acted = try await recovery.scan(queue)
        #expect(acted.map(\.0) == [node])
        #expect(acted.map(\.1) == [.dead])
        #expect(try await recovery.scan(queue).isEmpty)
        #expect(try await queue.heartbeat(node) == .fenced)
        #expect(try await queue.ack(held) == .fenced)
        let next = try await queue.join(node: "node-2", pid: 2, host: "test")
        let again = try #require(try await queue.lease(for: next, limit: 1, visibilitySeconds: 60).first)
        #expect(again.id == held.id)
        #expect(try await queue.ack(again) == .applied)
        #expect(LiveHistoryCheck.check(try await queue.history()).violations == [])
        await fixture.close()
    }

    @Test func anUnresponsiveNodeLeasesNothingUntilHeardAgain() async throws {
        let fixture = try PostgresFixture()
        let queue = try await fixture.queue()
        _ = try await queue.schedule(run: "quiet", maxReceiveCount: 5, shards: [ShardSpec(key: "item:0", placement: nil, workMicros: 1_000)])
        let node = try await queue.join(node: "node-1", pid: 1, host: "test")
        let recovery = LiveRecovery(detector: FailureRecovery(unresponsiveAfter: .zero, deadAfter: hour))
        #expect(try await recovery.scan(queue).map(\.1) == [.unresponsive])
        #expect(try await queue.liveNodes().map(\.health) == [.unresponsive])
        #expect(try await queue.lease(for: node, limit: 1, visibilitySeconds: 60).isEmpty)
        #expect(try await queue.heartbeat(node) == .applied)
        #expect(try await queue.liveNodes().map(\.health) == [.healthy])
        #expect(try await queue.lease(for: node, limit: 1, visibilitySeconds: 60).count == 1)
        let kinds = try await queue.history().events.map(\.kind)
        #expect(kinds.contains(EventKind.nodeUnresponsive.rawValue) && kinds.contains(EventKind.nodeRecovered.rawValue))
        await fixture.close()
    }
}
