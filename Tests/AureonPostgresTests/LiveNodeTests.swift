import AureonCluster
import AureonEngine
@testable import AureonPostgres
import Foundation
import Testing

/// `LiveNode`, the adapter that runs Core v2's node orchestrator against the database, driven
/// in-process: the `wait` closure stands for the process's signal wait, and asks the database
/// how far the run has got (it never sleeps: the node's clock is sped up instead).
///
/// The node blocks its thread on each statement (as `aureon node` blocks its main thread), so
/// each test runs it on a thread of its own: blocking the test's cooperative thread would
/// starve the very tasks the statements run on (two tests at once on two cores deadlock).
@Suite(.enabled(if: PostgresFixture.available, PostgresFixture.skipReason))
struct LiveNodeTests {
    /// Short timings, 50× faster than the wall clock.
    private static var configuration: ClusterConfiguration {
        var configuration = ClusterConfiguration()
        configuration.concurrency = 4
        configuration.heartbeatInterval = .seconds(1)
        configuration.visibilityTimeout = .seconds(10)
        configuration.checkpointInterval = .milliseconds(300)
        configuration.pullWait = .seconds(2)
        return configuration
    }

    /// A bound on the driver's passes in one test (each pass is at most 100 ms of waiting).
    private static let passLimit = 20_000

    /// Runs `body` on a new thread and waits for it without holding a cooperative thread.
    private func onThread<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    private static func makeNode(_ address: DatabaseAddress, name: String) throws -> LiveNode {
        try LiveNode(address: address, name: name, configuration: Self.configuration, clock: LiveClock(scale: 50)) { _ in }
    }

    private func schedule(_ fixture: PostgresFixture, shards count: Int, work: Int64) async throws -> LiveQueue {
        let queue = try await LiveQueue.connect(to: fixture.server.address)
        try await queue.migrate()
        _ = try await queue.schedule(run: "live-node", maxReceiveCount: 5,
                                     shards: (0..<count).map { ShardSpec(key: "item:\($0)", placement: nil, workMicros: work) })
        return queue
    }

    @Test func aNodeCommitsEveryShardWithCheckpointsThenDrains() async throws {
        let fixture = try PostgresFixture()
        defer { fixture.server.stop() }
        let observer = try await schedule(fixture, shards: 24, work: 1_000_000)
        let address = fixture.server.address
        let (stop, committed) = try await onThread {
            let node = try Self.makeNode(address, name: "node-a")
            var passes = 0
            let stop = try node.run { _ in
                passes += 1
                guard passes < Self.passLimit else { return .stop }
                guard passes % 20 == 0, (try? LiveBlocking.run { try await observer.counts() })?.open == 0 else { return nil }
                return .drain
            }
            node.close()
            return (stop, node.committed)
        }
        #expect(stop == .drained)
        #expect(committed == 24)
        let history = try await observer.history()
        let report = LiveHistoryCheck.check(history)
        #expect(report.violations == [])
        #expect(report.committed == 24)
        // Work of 1 s with checkpoints every 0.3 s: progress was saved on the way.
        #expect(history.events.contains { $0.kind == EventKind.checkpointSaved.rawValue })
        await observer.close()
    }

    @Test func aKillRequestEndsTheNodeAtOnceAndIsMarkedHandled() async throws {
        let fixture = try PostgresFixture()
        defer { fixture.server.stop() }
        let observer = try await schedule(fixture, shards: 0, work: 0)
        _ = try await observer.request(.kill, for: "node-k")
        let address = fixture.server.address
        let stop = try await onThread {
            let node = try Self.makeNode(address, name: "node-k")
            var passes = 0
            let stop = try node.run { _ in
                passes += 1
                return passes < Self.passLimit ? nil : .stop
            }
            node.close()
            return stop
        }
        #expect(stop == .killed)
        #expect(try await observer.pendingControl(for: "node-k") == [])
        await observer.close()
    }

    @Test func aDrainRequestIsObeyedAndShownInTheNodesTable() async throws {
        let fixture = try PostgresFixture()
        defer { fixture.server.stop() }
        let observer = try await schedule(fixture, shards: 0, work: 0)
        _ = try await observer.request(.drain, for: "node-d")
        let address = fixture.server.address
        let (stop, health) = try await onThread {
            let node = try Self.makeNode(address, name: "node-d")
            var passes = 0
            var health: NodeHealth?
            let stop = try node.run { _ in
                passes += 1
                guard passes < Self.passLimit else { return .stop }
                health = (try? LiveBlocking.run { try await observer.liveNodes() })?.first?.health
                return health == .draining ? .stop : nil
            }
            node.close()
            return (stop, health)
        }
        #expect(stop == .stopped)
        #expect(health == .draining)
        await observer.close()
    }

    @Test func aFencedIncarnationRejoinsAsTheNextOne() async throws {
        let fixture = try PostgresFixture()
        defer { fixture.server.stop() }
        let observer = try await schedule(fixture, shards: 0, work: 0)
        let address = fixture.server.address
        let (stop, identity) = try await onThread {
            let node = try Self.makeNode(address, name: "node-f")
            let first = node.identity
            guard try LiveBlocking.run({ try await observer.fence(first, reason: "test") }) else { return (LiveNodeStop.stopped, first) }
            var passes = 0
            let stop = try node.run { _ in
                passes += 1
                return passes < Self.passLimit && node.identity == first ? nil : .stop
            }
            node.close()
            return (stop, node.identity)
        }
        #expect(stop == .stopped)
        #expect(identity == NodeIdentity(name: "node-f", incarnation: 2))
        let kinds = try await observer.history().events.map(\.kind)
        #expect(kinds.contains(EventKind.nodeRejoined.rawValue))
        await observer.close()
    }

    @Test func timersComeDueEarliestFirstAndTiesInArmingOrder() {
        var timers = NodeTimerQueue()
        timers.arm(.heartbeat(incarnation: 1), at: VirtualTime(microseconds: 30))
        timers.arm(.taskWake(execution: 1, slot: 0), at: VirtualTime(microseconds: 10))
        timers.arm(.taskWake(execution: 2, slot: 1), at: VirtualTime(microseconds: 10))
        timers.arm(.pullTimeout(incarnation: 1), at: VirtualTime(microseconds: 20))
        #expect(timers.popDue(at: VirtualTime(microseconds: 5)) == nil)
        var due: [NodeTimer] = []
        while let timer = timers.popDue(at: VirtualTime(microseconds: 25)) { due.append(timer) }
        #expect(due == [.taskWake(execution: 1, slot: 0), .taskWake(execution: 2, slot: 1), .pullTimeout(incarnation: 1)])
        #expect(timers.earliest == VirtualTime(microseconds: 30))
    }
}
