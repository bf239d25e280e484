import AureonEngine
import Testing
@testable import AureonCluster

/// The checker must be able to fail on every rule: each test hands it a deliberately broken
/// component (a `QueueDefects` flag) and shows that rule firing — the checker sees only the
/// event stream, so it catches what the broken queue does, not what the queue says.
/// (The sixth rule, reproducibility, is proven across processes in `DeterminismTests`.)
@Suite struct CheckerRuleTests {
    private func rules(of simulation: ClusterSimulation) -> Set<InvariantViolation.Rule> { Set(simulation.checker.violations.map(\.rule)) }

    /// A queue that forgets a task was committed redelivers it as new work after a lost ack:
    /// the task is committed twice.
    @Test func exactlyOnce() throws {
        var configuration = makeConfiguration(nodes: 6, concurrency: 2)
        configuration.eventLogCapacity = 16
        let simulation = try ClusterSimulation(configuration: configuration, queueDefects: .forgetCommits)
        try simulation.perform(.messageLoss(probability: 0.3, plane: .data, duration: nil))
        try simulation.perform(.schedule(makeRun(items: 200, shardSize: 2, work: 4...8)))
        simulation.runUntilIdle(limit: .zero + .hours(4))
        #expect(rules(of: simulation).contains(.exactlyOnce), "\(rules(of: simulation))")
        #expect(simulation.checker.duplicateCommits > 0)
    }

    /// A queue that keeps leased messages receivable hands one task to two holders.
    @Test func singleLease() throws {
        let simulation = try ClusterSimulation(configuration: makeConfiguration(nodes: 3, concurrency: 2), queueDefects: .doubleDelivery)
        try simulation.perform(.schedule(makeRun(items: 12, shardSize: 1)))
        simulation.runUntilIdle(limit: .zero + .minutes(30))
        #expect(rules(of: simulation).contains(.singleLease), "\(rules(of: simulation))")
        #expect(!simulation.events(of: .invariantViolated).isEmpty, "a violation is an event too")
    }

    /// A queue that ignores fencing tokens accepts a zombie's late writes.
    @Test func fencing() throws {
        var configuration = makeConfiguration(nodes: 2, concurrency: 1)
        configuration.checkpointInterval = .seconds(5)
        configuration.selfFencing = false
        let simulation = try ClusterSimulation(configuration: configuration, queueDefects: .ignoreFencing)
        try simulation.perform(.drain(NodeID(1)))
        try simulation.perform(.schedule(makeRun(items: 1, shardSize: 1, work: 40...40)))
        simulation.advance(by: .seconds(7))
        try simulation.perform(.resume(NodeID(1)))
        try simulation.perform(.partition([NodeID(0)], duration: .seconds(20)))
        simulation.advance(to: .zero + .minutes(5))
        #expect(rules(of: simulation).contains(.fencing), "\(rules(of: simulation))")
        #expect(simulation.checker.staleWritesAccepted > 0)
    }

    /// A queue that serves drained nodes and declared-dead incarnations hands them leases.
    @Test func noLeaseWhenUnavailable() throws {
        let simulation = try ClusterSimulation(configuration: makeConfiguration(nodes: 3, concurrency: 2), queueDefects: .ignoreDrainAndDeath)
        try simulation.perform(.drain(NodeID(0)))
        simulation.advance(by: .seconds(1))
        try simulation.perform(.resume(NodeID(0)))
        try simulation.perform(.drain(NodeID(0)))  // drained again while its pull is parked
        try simulation.perform(.schedule(makeRun(items: 40, shardSize: 1)))
        simulation.runUntilIdle(limit: .zero + .minutes(30))
        #expect(rules(of: simulation).contains(.noLeaseWhenUnavailable), "\(rules(of: simulation))")
    }

    /// A queue that forgets checkpoints makes a redelivered task start over behind its latest
    /// accepted checkpoint: progress goes backwards.
    @Test func progressMonotonic() throws {
        let simulation = try ClusterSimulation(configuration: makeConfiguration(nodes: 3, concurrency: 2), queueDefects: .forgetCheckpoints)
        try simulation.perform(.schedule(makeRun(items: 24, shardSize: 2, work: 20...30)))
        simulation.advance(by: .seconds(10))
        try simulation.perform(.kill(NodeID(0)))
        simulation.runUntilIdle(limit: .zero + .hours(1))
        #expect(rules(of: simulation).contains(.progressMonotonic), "\(rules(of: simulation))")
    }

    /// A queue that never answers pulls: no fault is in force and every node is healthy, yet
    /// nothing commits — the live liveness rule fires while the run is still going.
    @Test func liveness() throws {
        var configuration = makeConfiguration(nodes: 3, concurrency: 2)
        configuration.livenessBound = .minutes(5)
        let simulation = try ClusterSimulation(configuration: configuration, queueDefects: .stallGrants)
        try simulation.perform(.schedule(makeRun(items: 12, shardSize: 1)))
        simulation.advance(by: .minutes(20))
        #expect(!simulation.isIdle)
        #expect(rules(of: simulation).contains(.liveness), "\(rules(of: simulation))")
    }

    /// The same checker stays quiet on a correct cluster under the same stress.
    @Test func aCorrectQueueRaisesNothing() throws {
        var configuration = makeConfiguration(nodes: 6, concurrency: 2)
        configuration.eventLogCapacity = 16
        let simulation = try ClusterSimulation(configuration: configuration)
        try simulation.perform(.messageLoss(probability: 0.3, plane: .data, duration: nil))
        try simulation.perform(.schedule(makeRun(items: 200, shardSize: 2, work: 4...8)))
        simulation.advance(by: .seconds(10))
        try simulation.perform(.kill(NodeID(0)))
        simulation.runUntilIdle(limit: .zero + .hours(4))
        #expect(simulation.isIdle)
        #expect(simulation.checker.holds, "\(simulation.checker.violations.prefix(3))")
    }
}
