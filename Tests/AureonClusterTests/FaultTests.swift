import AureonEngine
import Testing
@testable import AureonCluster

@Suite struct FaultTests {
    @Test func clockSkewLetsALeaseExpireAndFencingRejectsTheLateRenewal() throws {
        var configuration = makeConfiguration(nodes: 2, concurrency: 1)
        configuration.visibilityTimeout = .seconds(12)
        let simulation = try ClusterSimulation(configuration: configuration)
        try simulation.perform(.drain(NodeID(1)))
        try simulation.perform(.schedule(makeRun(items: 1, shardSize: 1, work: 60...60)))
        simulation.advance(by: .seconds(1))
        try simulation.perform(.resume(NodeID(1)))
        // node-01 now renews 20 s late: its lease (12 s) runs out before it renews.
        try simulation.perform(.clockSkew(NodeID(0), offset: .seconds(20), duration: nil))
        #expect(simulation.runUntilIdle(limit: .zero + .hours(1)))
        #expect(simulation.counters.leasesExpired >= 1)
        let rejected = simulation.events(of: .staleWriteRejected)
        #expect(rejected.contains { $0.node == NodeID(0) })
        #expect(simulation.counters.commits == 1)
        #expect(simulation.checker.holds)
    }

    @Test func slowNodeTakesLonger() throws {
        func finish(slow: Bool) throws -> VirtualTime {
            let simulation = try ClusterSimulation(configuration: makeConfiguration(nodes: 1, concurrency: 1))
            if slow { try simulation.perform(.slow(NodeID(0), factor: 3, duration: nil)) }
            try simulation.perform(.schedule(makeRun(items: 1, shardSize: 1, work: 10...10)))
            simulation.runUntilIdle(limit: .zero + .hours(1))
            return simulation.now
        }
        let normal = try finish(slow: false), slowed = try finish(slow: true)
        #expect(slowed - normal >= .seconds(19))
    }

    @Test func timedFaultsEndByThemselvesAndNewerFaultsAreNotCutShort() throws {
        let simulation = try ClusterSimulation(configuration: makeConfiguration())
        try simulation.perform(.slow(NodeID(0), factor: 4, duration: .seconds(10)))
        simulation.advance(by: .seconds(5))
        try simulation.perform(.slow(NodeID(0), factor: 2, duration: .seconds(20)))
        simulation.advance(by: .seconds(6))
        #expect(simulation.nodes[0].faults.slowFactor == 2, "the first timer must not end the second fault")
        simulation.advance(by: .seconds(15))
        #expect(simulation.nodes[0].faults.slowFactor == 1)
        try simulation.perform(.partition([NodeID(1)], duration: .seconds(3)))
        simulation.advance(by: .seconds(4))
        #expect(!simulation.nodes[1].faults.isPartitioned)
    }

    @Test func messageLossDropsHeartbeatsAndRecoveryNoticesSilence() throws {
        let simulation = try ClusterSimulation(configuration: makeConfiguration(nodes: 3))
        try simulation.perform(.messageLoss(probability: 1, plane: .all, duration: .seconds(30)))
        simulation.advance(by: .seconds(20))
        #expect(simulation.coordinator.views.allSatisfy { $0.health == .unresponsive || $0.health == .dead })
        simulation.advance(by: .seconds(30))
        #expect(simulation.coordinator.views.allSatisfy { $0.health == .healthy }, "heartbeats flow again after the fault")

        #expect(simulation.events(of: .messageLost).count > 5)
    }

    @Test func drainImposedByRecoveryIsUndoneWhenTheNodeIsHeardAgain() throws {
        let simulation = try ClusterSimulation(configuration: makeConfiguration(nodes: 3))
        // Heartbeats arrive 10 s late: the coordinator sees silence and asks the nodes to drain.
        try simulation.perform(.messageDelay(.seconds(10), plane: .all, duration: .seconds(20)))
        simulation.advance(by: .seconds(25))
        #expect(simulation.events(of: .nodeDraining).count == 3)
        simulation.advance(by: .seconds(60))
        #expect(simulation.nodes.allSatisfy { $0.health == .healthy }, "heard again, the nodes are resumed")
        #expect(simulation.events(of: .nodeResumed).count == 3)
        // An operator's drain is not undone.
        try simulation.perform(.drain(NodeID(0)))
        simulation.advance(by: .seconds(60))
        #expect(simulation.nodes[0].health == .draining)
    }

    @Test func probabilitiesOutsideTheUnitIntervalAreRefused() throws {
        let simulation = try ClusterSimulation(configuration: makeConfiguration())
        #expect(throws: ActionError.self) { try simulation.perform(.flaky(NodeID(0), probability: 1.5, duration: nil)) }
        #expect(throws: ActionError.self) { try simulation.perform(.messageLoss(probability: -0.1, plane: .all, duration: nil)) }
        #expect(simulation.nodes[0].faults.isNone)
    }

    @Test func chaosInjectsFaultsReproduciblyAndQuiesceEndsThem() throws {
        func run() throws -> (UInt64, Int, Bool) {
            let simulation = try ClusterSimulation(configuration: makeConfiguration(nodes: 6))
            try simulation.perform(.schedule(makeRun(items: 120, shardSize: 2)))
            try simulation.perform(.chaos(faultsPerMinute: 12))
            simulation.advance(by: .minutes(5))
            let injected = simulation.events.count(of: .faultInjected)
            try simulation.perform(.quiesce)
            let completed = simulation.runUntilIdle(limit: .zero + .hours(3))
            // Orders still in flight (a drain overtaken by its resume) are reconciled by the
            // next heartbeats.
            simulation.advance(by: .seconds(30))
            let clean = simulation.nodes.allSatisfy { !$0.isKilled && $0.faults.isNone && $0.health == .healthy }
            return (simulation.traceHash.value, injected, completed && clean && simulation.checker.holds)
        }
        let (hash, injected, healthy) = try run()
        #expect(injected > 20)
        #expect(healthy)
        #expect(try run().0 == hash)
    }

    @Test func killRandomPicksWithTheSeed() throws {
        func killed(seed: UInt64) throws -> [Int] {
            let simulation = try ClusterSimulation(configuration: makeConfiguration(nodes: 10, seed: seed))
            try simulation.perform(.killRandom(3))
            return simulation.nodes.indices.filter { simulation.nodes[$0].isKilled }
        }
        #expect(try killed(seed: 1).count == 3)
        #expect(try killed(seed: 1) == killed(seed: 1))
        #expect(try killed(seed: 1) != killed(seed: 2))
    }
}

@Suite struct ActiveFaultTests {
    @Test func listsFaultsWithTimeLeftAndForgetsEndedOnes() throws {
        let simulation = try ClusterSimulation(configuration: makeConfiguration())
        try simulation.perform(.partition([NodeID(1)], duration: .seconds(30)))
        try simulation.perform(.slow(NodeID(2), factor: 3, duration: nil))
        try simulation.perform(.messageLoss(probability: 0.25, plane: .all, duration: .seconds(10)))
        try simulation.perform(.kill(NodeID(3)))
        let faults = simulation.activeFaults
        #expect(faults.map(\.kind) == ["message_loss", "partition", "slow", "killed"])
        #expect(faults[0].endsAt == .zero + .seconds(10) && faults[0].detail == "p=0.25")
        #expect(faults[1].node == NodeID(1) && faults[1].endsAt == .zero + .seconds(30))
        #expect(faults[2].endsAt == nil && faults[2].detail == "×3.0")
        simulation.advance(by: .seconds(31))
        #expect(simulation.activeFaults.map(\.kind) == ["slow", "killed"])
    }
}

@Suite struct CheckpointFailureTests {
    /// While every checkpoint write fails, nothing commits (a commit needs its final
    /// checkpoint); the node keeps retrying, and once writes succeed every task commits once.
    @Test func noCommitWithoutItsFinalCheckpoint() throws {
        var configuration = makeConfiguration(nodes: 1, concurrency: 2)
        configuration.visibilityTimeout = .seconds(30)
        let simulation = try ClusterSimulation(configuration: configuration)
        try simulation.perform(.checkpointFailures(NodeID(0), probability: 1, duration: .seconds(20)))
        try simulation.perform(.schedule(makeRun(items: 4, shardSize: 1, work: 3...5)))
        simulation.advance(by: .seconds(19))
        #expect(simulation.counters.commits == 0)
        #expect(simulation.counters.checkpointWriteFailures > 4, "the final checkpoint is retried")
        #expect(simulation.runUntilIdle(limit: .zero + .hours(1)))
        #expect(simulation.counters.commits == 4)
        let commits = simulation.events(of: .taskCommitted)
        for commit in commits {
            let final = simulation.events.recent.last { $0.kind == .checkpointSaved && $0.task == commit.task && $0.time <= commit.time }
            if case let .checkpoint(_, progress)? = final?.detail { #expect(progress == 1) } else { Issue.record("no final checkpoint for \(String(describing: commit.task))") }
        }
        #expect(simulation.checker.holds)
    }
}
