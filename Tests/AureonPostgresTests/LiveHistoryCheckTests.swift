import AureonCluster
import AureonPostgres
import Testing

/// The history checker over doctored histories: each rule fires on the history made to break
/// it, and a clean history passes.
struct LiveHistoryCheckTests {
    private func leased(_ seq: Int64, shard: Int64, epoch: Int64, node: String = "node-1", incarnation: Int = 1) -> LiveEvent {
        LiveEvent(seq: seq, kind: EventKind.shardLeased.rawValue, node: node, incarnation: incarnation, shard: shard, epoch: epoch)
    }

    private func write(_ seq: Int64, _ kind: EventKind, shard: Int64, epoch: Int64, progress: Int64? = nil) -> LiveEvent {
        LiveEvent(seq: seq, kind: kind.rawValue, node: "node-1", incarnation: 1, shard: shard, epoch: epoch, progressMicros: progress)
    }

    private var clean: LiveHistory {
        LiveHistory(shards: [1, 2], events: [
            leased(1, shard: 1, epoch: 1),
            write(2, .checkpointSaved, shard: 1, epoch: 1, progress: 100),
            leased(3, shard: 1, epoch: 2, node: "node-2"),
            write(4, .staleWriteRejected, shard: 1, epoch: 1),
            write(5, .checkpointSaved, shard: 1, epoch: 2, progress: 200),
            write(6, .taskCommitted, shard: 1, epoch: 2),
            leased(7, shard: 2, epoch: 1),
            write(8, .deadLettered, shard: 2, epoch: 1),
        ])
    }

    private func rules(_ history: LiveHistory) -> [InvariantViolation.Rule] {
        LiveHistoryCheck.check(history).violations.map(\.rule)
    }

    @Test func aCleanHistoryPasses() {
        let report = LiveHistoryCheck.check(clean)
        #expect(report.violations == [])
        #expect(report.committed == 1)
        #expect(report.deadLettered == 1)
        #expect(report.staleWritesRejected == 1)
    }

    @Test func aShardCommittedTwiceOrNeverBreaksExactlyOnce() {
        var twice = clean
        twice.events.append(write(9, .taskCommitted, shard: 1, epoch: 2))
        #expect(rules(twice) == [.exactlyOnce])
        var never = clean
        never.shards.append(3)
        let violations = LiveHistoryCheck.check(never).violations
        #expect(violations.map(\.rule) == [.exactlyOnce])
        #expect(violations.first?.detail == "shard 3 was never committed nor dead-lettered")
    }

    @Test func anAcceptedStaleWriteOrAFallingEpochBreaksFencing() {
        var stale = clean
        stale.events[3] = write(4, .taskCommitted, shard: 1, epoch: 1)
        // The stale commit is both a fencing violation and a second commit.
        #expect(rules(stale) == [.fencing, .exactlyOnce])
        var falling = clean
        falling.events[2] = leased(3, shard: 1, epoch: 1, node: "node-2")
        #expect(rules(falling).first == .fencing)
    }

    @Test func aLeaseToAFencedIncarnationIsCaught() {
        var history = clean
        history.events.insert(LiveEvent(seq: 0, kind: EventKind.nodeDead.rawValue, node: "node-2", incarnation: 1), at: 0)
        let violations = LiveHistoryCheck.check(history).violations
        #expect(violations.map(\.rule) == [.noLeaseWhenUnavailable])
        #expect(violations.first?.seq == 3)
    }

    @Test func checkpointProgressGoingBackIsCaught() {
        var history = clean
        history.events[4] = write(5, .checkpointSaved, shard: 1, epoch: 2, progress: 50)
        #expect(rules(history) == [.progressMonotonic])
    }
}
