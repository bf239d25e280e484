import AureonEngine
import Testing
@testable import AureonCluster

@Suite struct NodeLifecycleTests {
    @Test func aLongTaskKeepsOneHolderThroughRenewals() throws {
        var configuration = makeConfiguration(nodes: 2, concurrency: 1)
        configuration.visibilityTimeout = .seconds(12)
        let simulation = try ClusterSimulation(configuration: configuration)
        // Ten times longer than the visibility timeout.
        try simulation.perform(.schedule(makeRun(items: 1, shardSize: 1, work: 120...120)))
        #expect(simulation.runUntilIdle(limit: .zero + .minutes(10)))
        #expect(simulation.counters.leasesGranted == 1, "never handed to a second node")
        #expect(simulation.counters.leasesExpired == 0)
        #expect(simulation.counters.renewals >= 120 / 4 - 1)
        #expect(simulation.counters.commits == 1)
        #expect(simulation.checker.holds)
    }

    @Test func drainTakesNoNewLeaseAndResumeTakesWorkAgain() throws {
        let simulation = try ClusterSimulation(configuration: makeConfiguration(nodes: 2, concurrency: 2))
        try simulation.perform(.drain(NodeID(0)))
        try simulation.perform(.schedule(makeRun(items: 40, shardSize: 1, work: 2...4)))
        simulation.advance(by: .seconds(20))
        let leasedByZero = simulation.events(of: .shardLeased).filter { $0.node == NodeID(0) }
        #expect(leasedByZero.isEmpty, "a draining node takes nothing new")
        #expect(simulation.nodes[0].health == .draining)
        try simulation.perform(.resume(NodeID(0)))
        simulation.advance(by: .seconds(10))
        #expect(simulation.events(of: .shardLeased).contains { $0.node == NodeID(0) }, "resumed, it takes work again")
        #expect(simulation.runUntilIdle(limit: .zero + .minutes(10)))
        #expect(simulation.checker.holds)
    }

    @Test func drainingNodeFinishesItsInFlightWork() throws {
        let simulation = try ClusterSimulation(configuration: makeConfiguration(nodes: 2, concurrency: 2))
        try simulation.perform(.schedule(makeRun(items: 4, shardSize: 1, work: 8...8)))
        simulation.advance(by: .seconds(1))
        let inFlight = simulation.nodes[0].activeCount
        #expect(inFlight > 0)
        try simulation.perform(.drain(NodeID(0)))
        simulation.advance(by: .seconds(10))
        #expect(simulation.nodes[0].completedCount == inFlight)
        #expect(simulation.nodes[0].activeCount == 0)
    }

    @Test func silentNodeBecomesUnresponsiveThenDeadAndComesBack() throws {
        let configuration = makeConfiguration(nodes: 3)
        let simulation = try ClusterSimulation(configuration: configuration)
        simulation.advance(by: .seconds(3))
        try simulation.perform(.kill(NodeID(1)))
        let killedAt = simulation.now
        simulation.advance(by: configuration.unresponsiveAfter + configuration.scanInterval + configuration.heartbeatInterval)
        #expect(simulation.coordinator.views[1].health == .unresponsive)
        let unresponsive = try #require(simulation.events(of: .nodeUnresponsive).first)
        #expect(unresponsive.node == NodeID(1) && unresponsive.time > killedAt)
        simulation.advance(by: configuration.deadAfter)
        #expect(simulation.coordinator.views[1].health == .dead)
        #expect(simulation.events(of: .nodeDead).map(\.node) == [NodeID(1)])
        #expect(simulation.coordinator.views[0].health == .healthy, "the others keep heartbeating")
        try simulation.perform(.restart(NodeID(1)))
        simulation.advance(by: .seconds(1))
        #expect(simulation.coordinator.views[1].health == .healthy)
        #expect(simulation.coordinator.views[1].incarnation == 2)
        #expect(simulation.events(of: .nodeRecovered).map(\.node) == [NodeID(1)])
    }

    @Test func deadNodesUnstartedShardsAreReassigned() throws {
        let configuration = makeConfiguration(nodes: 3, concurrency: 1)
        let simulation = try ClusterSimulation(configuration: configuration)
        try simulation.perform(.kill(NodeID(2)))
        try simulation.perform(.schedule(makeRun(items: 60, shardSize: 1, work: 30...30)))
        #expect(simulation.queue.readyCount[2] > 0, "the coordinator does not know yet")
        simulation.advance(by: configuration.deadAfter + configuration.scanInterval * 2)
        #expect(simulation.coordinator.views[2].health == .dead)
        #expect(simulation.queue.readyCount[2] == 0, "reassigned off the dead node")
        #expect(simulation.runUntilIdle(limit: .zero + .hours(2)))
        #expect(simulation.checker.holds)
    }

    @Test func restartOnlyAppliesToKilledNodes() throws {
        let simulation = try ClusterSimulation(configuration: makeConfiguration())
        #expect(throws: ActionError("node-01 is not killed")) { try simulation.perform(.restart(NodeID(0))) }
        try simulation.perform(.kill(NodeID(0)))
        #expect(throws: ActionError.self) { try simulation.perform(.kill(NodeID(0))) }
        #expect(throws: ActionError.self) { try simulation.perform(.drain(NodeID(0))) }
        try simulation.perform(.restart(NodeID(0)))
        #expect(simulation.nodes[0].incarnation == 2 && !simulation.nodes[0].isKilled)
    }
}
