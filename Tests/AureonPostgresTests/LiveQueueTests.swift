import AureonCluster
import AureonPostgres
import Testing

/// The fenced queue statements against a real (throwaway) PostgreSQL cluster.
@Suite(.enabled(if: PostgresFixture.available, PostgresFixture.skipReason))
struct LiveQueueTests {
    private func shards(_ count: Int, placedOn nodes: [String] = []) -> [ShardSpec] {
        (0..<count).map { index in
            ShardSpec(key: "item:\(index)", placement: nodes.isEmpty ? nil : nodes[index % nodes.count], workMicros: 1_000)
        }
    }

    @Test func concurrentWorkersCompleteEveryShardExactlyOnce() async throws {
        let fixture = try PostgresFixture()
        let coordinator = try await fixture.queue()
        // QueueDrain's workers are node-1 … node-4, the names the shards are placed on.
        let run = try await coordinator.schedule(run: "drain", maxReceiveCount: 5,
                                                 shards: shards(400, placedOn: ["node-1", "node-2", "node-3", "node-4"]))
        let acked = try await QueueDrain.run(address: fixture.server.address, workers: 4, batch: 8, checkpoints: true, prefix: "node")
        #expect(acked == 400)
        #expect(try await coordinator.counts(run: run) == ShardCounts(open: 0, committed: 400, deadLettered: 0))
        let report = LiveHistoryCheck.check(try await coordinator.history())
        #expect(report.violations == [])
        #expect(report.committed == 400)
        await fixture.close()
    }

    @Test func aStaleEpochWriteIsFencedAndLogged() async throws {
        let fixture = try PostgresFixture()
        let queue = try await fixture.queue()
        _ = try await queue.schedule(run: "stale", maxReceiveCount: 5, shards: shards(1))
        let zombie = try await queue.join(node: "node-1", pid: 1, host: "test")
        let next = try await queue.join(node: "node-2", pid: 2, host: "test")
        // A zero visibility timeout: the first lease has expired the moment it is granted.
        let old = try #require(try await queue.lease(for: zombie, limit: 1, visibilitySeconds: 0).first)
        let new = try #require(try await queue.lease(for: next, limit: 1, visibilitySeconds: 60).first)
        #expect(new.epoch == old.epoch + 1)
        #expect(new.receiveCount == 2)
        #expect(try await queue.renew(old, visibilitySeconds: 60) == .fenced)
        #expect(try await queue.checkpoint(old, progressMicros: 10) == .fenced)
        #expect(try await queue.ack(old) == .fenced)
        #expect(try await queue.nack(old, delaySeconds: 0) == .fenced)
        #expect(try await queue.ack(new) == .applied)
        let report = LiveHistoryCheck.check(try await queue.history())
        #expect(report.violations == [])
        #expect(report.staleWritesRejected == 4)
        #expect(report.committed == 1)
        await fixture.close()
    }

    @Test func aFencedIncarnationLeasesNothingAndItsLeasesAreRevoked() async throws {
        let fixture = try PostgresFixture()
        let queue = try await fixture.queue()
        _ = try await queue.schedule(run: "fence", maxReceiveCount: 5, shards: shards(2))
        let zombie = try await queue.join(node: "node-1", pid: 1, host: "test")
        let held = try #require(try await queue.lease(for: zombie, limit: 1, visibilitySeconds: 60).first)
        #expect(try await queue.fence(zombie, reason: "silent for 30s"))
        #expect(try await queue.fence(zombie, reason: "again") == false)
        #expect(try await queue.heartbeat(zombie) == .fenced)
        #expect(try await queue.lease(for: zombie, limit: 2, visibilitySeconds: 60).isEmpty)
        #expect(try await queue.checkpoint(held, progressMicros: 500) == .fenced)
        // The revoked shard is visible again at once, under a higher epoch.
        let rejoined = try await queue.join(node: "node-1", pid: 3, host: "test")
        #expect(rejoined.incarnation == 2)
        let again = try await queue.lease(for: rejoined, limit: 2, visibilitySeconds: 60)
        #expect(again.map(\.id).sorted() == [held.id, held.id + 1])
        #expect(again.first { $0.id == held.id }?.epoch == held.epoch + 2)
        for lease in again { #expect(try await queue.ack(lease) == .applied) }
        #expect(LiveHistoryCheck.check(try await queue.history()).violations == [])
        await fixture.close()
    }

    /// A write after the lease's deadline is refused even when no one else took the shard:
    /// the simulation's queue fences writes by token and deadline, and so does this one.
    @Test func aWriteAfterTheDeadlineIsRefusedThoughNoOneElseHoldsTheShard() async throws {
        let fixture = try PostgresFixture()
        let queue = try await fixture.queue()
        _ = try await queue.schedule(run: "late", maxReceiveCount: 5, shards: shards(1))
        let node = try await queue.join(node: "node-1", pid: 1, host: "test")
        let expired = try #require(try await queue.lease(for: node, limit: 1, visibilitySeconds: 0).first)
        #expect(try await queue.renew(expired, visibilitySeconds: 60) == .fenced)
        #expect(try await queue.checkpoint(expired, progressMicros: 10) == .fenced)
        #expect(try await queue.ack(expired) == .fenced)
        #expect(try await queue.nack(expired, delaySeconds: 0) == .fenced)
        let kinds = try await queue.history().events.map(\.kind)
        #expect(kinds.filter { $0 == EventKind.staleWriteRejected.rawValue }.count == 4)
        // The shard is still there to lease again, with the next epoch.
        let again = try #require(try await queue.lease(for: node, limit: 1, visibilitySeconds: 60).first)
        #expect(again.epoch == expired.epoch + 1)
        #expect(try await queue.ack(again) == .applied)
        await fixture.close()
    }

    @Test func aShardIsDeadLetteredAfterMaxReceives() async throws {
        let fixture = try PostgresFixture()
        let queue = try await fixture.queue()
        _ = try await queue.schedule(run: "poison", maxReceiveCount: 2, shards: shards(1))
        let node = try await queue.join(node: "node-1", pid: 1, host: "test")
        let first = try #require(try await queue.lease(for: node, limit: 1, visibilitySeconds: 60).first)
        #expect(try await queue.nack(first, delaySeconds: 0) == .requeued)
        let second = try #require(try await queue.lease(for: node, limit: 1, visibilitySeconds: 60).first)
        #expect(second.receiveCount == 2)
        #expect(try await queue.nack(second, delaySeconds: 0) == .deadLettered)
        #expect(try await queue.lease(for: node, limit: 1, visibilitySeconds: 60).isEmpty)
        #expect(try await queue.counts() == ShardCounts(open: 0, committed: 0, deadLettered: 1))
        #expect(LiveHistoryCheck.check(try await queue.history()).violations == [])
        await fixture.close()
    }

    @Test func anExpiredShardPastMaxReceivesIsDeadLetteredByTheNextLease() async throws {
        let fixture = try PostgresFixture()
        let queue = try await fixture.queue()
        _ = try await queue.schedule(run: "expiring", maxReceiveCount: 1, shards: shards(1))
        let node = try await queue.join(node: "node-1", pid: 1, host: "test")
        #expect(try await queue.lease(for: node, limit: 1, visibilitySeconds: 0).count == 1)
        #expect(try await queue.lease(for: node, limit: 1, visibilitySeconds: 60).isEmpty)
        #expect(try await queue.counts() == ShardCounts(open: 0, committed: 0, deadLettered: 1))
        #expect(LiveHistoryCheck.check(try await queue.history()).violations == [])
        await fixture.close()
    }

    @Test func aNodeTakesItsOwnShardsFirstThenSteals() async throws {
        let fixture = try PostgresFixture()
        let queue = try await fixture.queue()
        // Ids 1, 3, 5 are placed on node-2; 2, 4, 6 on node-1.
        _ = try await queue.schedule(run: "placed", maxReceiveCount: 5, shards: shards(6, placedOn: ["node-2", "node-1"]))
        let node = try await queue.join(node: "node-1", pid: 1, host: "test")
        let own = try await queue.lease(for: node, limit: 2, visibilitySeconds: 60)
        #expect(own.map(\.placement) == ["node-1", "node-1"])
        let mixed = try await queue.lease(for: node, limit: 3, visibilitySeconds: 60)
        #expect(mixed.map(\.placement).sorted { ($0 ?? "") < ($1 ?? "") } == ["node-1", "node-2", "node-2"])
        await fixture.close()
    }

    /// A dead node's shards are placed on no one: a live node with plenty of its own takes
    /// them in id order with its own, instead of leaving them until it runs out of its own.
    @Test func aDeadNodesShardsAreTakenInIdOrderWithTheLiveNodesOwn() async throws {
        let fixture = try PostgresFixture()
        let queue = try await fixture.queue()
        _ = try await queue.schedule(run: "rebalance", maxReceiveCount: 5, shards: shards(8, placedOn: ["node-1", "node-2"]))
        let dead = try await queue.join(node: "node-1", pid: 1, host: "test")
        let live = try await queue.join(node: "node-2", pid: 2, host: "test")
        let held = try await queue.lease(for: dead, limit: 2, visibilitySeconds: 60)
        #expect(held.count == 2)
        #expect(try await queue.fence(dead, reason: "test"))
        let taken = try await queue.lease(for: live, limit: 4, visibilitySeconds: 60)
        // Oldest first among node-2's own and the unplaced: the two revoked ones are among
        // them (without the unplacing node-2 would take only its own four).
        #expect(taken.filter { $0.receiveCount == 2 }.map(\.id) == held.map(\.id))
        #expect(taken.count == 4)
        let kinds = try await queue.history().events.map(\.kind)
        #expect(kinds.contains(EventKind.rebalanced.rawValue))
        await fixture.close()
    }

    @Test func aDrainingNodeLeasesNothingUntilResumed() async throws {
        let fixture = try PostgresFixture()
        let queue = try await fixture.queue()
        _ = try await queue.schedule(run: "drain", maxReceiveCount: 5, shards: shards(1))
        let node = try await queue.join(node: "node-1", pid: 1, host: "test")
        #expect(try await queue.setHealth(node, draining: true) == .applied)
        #expect(try await queue.lease(for: node, limit: 1, visibilitySeconds: 60).isEmpty)
        #expect(try await queue.setHealth(node, draining: false) == .applied)
        #expect(try await queue.lease(for: node, limit: 1, visibilitySeconds: 60).count == 1)
        await fixture.close()
    }

    @Test func migratingTwiceAppliesNothingTheSecondTime() async throws {
        let fixture = try PostgresFixture()
        let queue = try await fixture.queue()
        #expect(try await LiveSchema.migrate(queue.connection, logger: LiveLog.quiet) == 0)
        await fixture.close()
    }

    @Test func anUnreachableDatabaseIsOneLineOfBadInput() async throws {
        let fixture = try PostgresFixture()
        let address = fixture.server.address
        await fixture.close()
        do {
            _ = try await LiveQueue.connect(to: address)
            Issue.record("connected to a stopped server")
        } catch {
            #expect(error.kind == .input)
            #expect(error.message.hasPrefix("cannot reach the database at \(address)"))
            #expect(!error.message.contains("\n"))
        }
    }
}
