import AureonEngine
import Testing
@testable import AureonCluster

@Suite struct FencingTests {
    /// A node cut off mid-task keeps working (a zombie: self-fencing is off, so its lease
    /// manager does not stop it). Its lease expires, the shard goes to another node with a
    /// higher token, and when the partition heals the zombie's late writes are rejected: the
    /// task is committed once, by the new holder. Fencing at the queue is the backstop.
    @Test func partitionedThenHealedNodesLateWritesAreRejected() throws {
        var configuration = makeConfiguration(nodes: 2, concurrency: 1)
        configuration.selfFencing = false
        configuration.checkpointInterval = .seconds(5)
        let simulation = try ClusterSimulation(configuration: configuration)
        try simulation.perform(.drain(NodeID(1)))  // make node-01 take the shard
        try simulation.perform(.schedule(makeRun(items: 1, shardSize: 1, work: 40...40)))
        simulation.advance(by: .seconds(7))  // one progress checkpoint lands at 5s
        #expect(simulation.nodes[0].activeCount == 1)
        #expect(simulation.counters.checkpointsSaved == 1)
        try simulation.perform(.resume(NodeID(1)))
        try simulation.perform(.partition([NodeID(0)], duration: nil))

        // Past the visibility timeout the lease expires and node-02 takes over with token 2.
        simulation.advance(by: configuration.visibilityTimeout + .seconds(1))
        let redelivery = try #require(simulation.events(of: .taskRedelivered).first)
        #expect(redelivery.node == NodeID(1))
        guard case let .redelivery(token, _, resumedFrom, _, _) = redelivery.detail else { Issue.record("detail"); return }
        #expect(token == FencingToken(2))
        #expect(resumedFrom != nil, "it resumes from the zombie's last checkpoint")
        #expect(simulation.nodes[0].activeCount == 1, "the zombie is still working")

        try simulation.perform(.heal([NodeID(0)]))
        #expect(simulation.runUntilIdle(limit: .zero + .hours(1)))
        let stale = simulation.events(of: .staleWriteRejected)
        #expect(!stale.isEmpty)
        #expect(stale.allSatisfy { $0.node == NodeID(0) }, "only the zombie's writes are rejected")
        if case let .staleWrite(operation, presented, current)? = stale.first?.detail {
            #expect(["checkpoint", "final_checkpoint", "renew", "ack"].contains(operation))
            #expect(presented == FencingToken(1) && current == FencingToken(2))
        } else {
            Issue.record("stale write detail missing")
        }
        let commits = simulation.events(of: .taskCommitted)
        #expect(commits.count == 1)
        #expect(commits.first?.node == NodeID(1), "committed by the new holder")
        #expect(simulation.checker.holds)
    }

    @Test func zombieAckAfterHealIsRejectedEvenWhenItsWorkFinishedDuringThePartition() throws {
        var configuration = makeConfiguration(nodes: 2, concurrency: 1)
        configuration.selfFencing = false
        let simulation = try ClusterSimulation(configuration: configuration)
        try simulation.perform(.drain(NodeID(1)))
        try simulation.perform(.schedule(makeRun(items: 1, shardSize: 1, work: 8...8)))
        simulation.advance(by: .seconds(1))
        try simulation.perform(.resume(NodeID(1)))
        try simulation.perform(.partition([NodeID(0)], duration: .seconds(30)))
        // The work finishes at 8s while cut off: the final checkpoint and ack are retried until
        // the partition heals at 31s, long after node-02 has committed the redelivered shard.
        simulation.advance(to: .zero + .seconds(45))
        #expect(simulation.isIdle)
        #expect(simulation.nodes[0].activeCount == 0, "the zombie dropped the task once rejected")
        let rejected = try #require(simulation.events(of: .staleWriteRejected).first)
        #expect(rejected.node == NodeID(0))
        #expect(simulation.events(of: .taskCommitted).map(\.node) == [NodeID(1)])
        #expect(simulation.checker.duplicateCommits == 0)
    }
}
