import AureonEngine
import Testing
@testable import AureonCluster

@Suite struct ShardPlannerTests {
    @Test func itemsNotAMultipleOfShardSizeGiveAShortLastSlice() throws {
        let keys = try ShardPlanner.plan(RunSpec(id: RunID("r"), items: 250, shardSize: 100))
        #expect(keys == [.slice(start: 0, end: 100), .slice(start: 100, end: 200), .slice(start: 200, end: 250)])
        #expect(keys.map(\.itemCount).reduce(0, +) == 250)
    }

    @Test func shardSizeLargerThanItemsGivesOneShard() throws {
        #expect(try ShardPlanner.plan(RunSpec(id: RunID("r"), items: 7, shardSize: 100)) == [.slice(start: 0, end: 7)])
    }

    @Test func byIterationGivesOneShardPerItem() throws {
        let keys = try ShardPlanner.plan(RunSpec(id: RunID("r"), items: 3, shardSize: 100, strategy: .byIteration))
        #expect(keys == [.item(0), .item(1), .item(2)])
        #expect(keys.map(\.description) == ["item:0", "item:1", "item:2"])
    }

    @Test func byDatasetSlicesLikeBySlice() throws {
        let slice = try ShardPlanner.plan(RunSpec(id: RunID("r"), items: 30, shardSize: 10, strategy: .bySlice))
        #expect(try ShardPlanner.plan(RunSpec(id: RunID("r"), items: 30, shardSize: 10, strategy: .byDataset)) == slice)
    }

    @Test(arguments: [
        (0, 10, "items"), (-5, 10, "items"), (10, 0, "shard size"), (10, -1, "shard size"),
    ])
    func refusesNonsense(items: Int, shardSize: Int, field: String) {
        #expect {
            try ShardPlanner.plan(RunSpec(id: RunID("r"), items: items, shardSize: shardSize))
        } throws: { error in
            (error as? SchedulingError)?.description.contains(field) == true
        }
    }

    @Test func taskIDsFollowTheSeedsFormat() {
        let task = TaskID(run: RunID("rqml-run-001"), iteration: 2, shard: .slice(start: 300, end: 400))
        #expect(task.description == "rqml-run-001:2:slice:300:400")
        #expect(ShardKey(parsing: "slice:300:400") == .slice(start: 300, end: 400))
        #expect(ShardKey(parsing: "item:4") == .item(4))
        #expect(ShardKey(parsing: "slice:4") == nil)
    }
}

@Suite struct PlacementTests {
    @Test func shardsGoToTheLeastLoadedHealthyNodes() throws {
        let simulation = try ClusterSimulation(configuration: makeConfiguration(nodes: 4))
        try simulation.perform(.drain(NodeID(3)))
        try simulation.perform(.schedule(makeRun(items: 30, shardSize: 1)))
        var perNode = [0, 0, 0, 0]
        for message in simulation.queue.messages { perNode[message.target.index] += 1 }
        #expect(perNode == [10, 10, 10, 0], "even spread, nothing on the draining node")
    }

    @Test func schedulingWithNoHealthyNodeIsRefusedWithAReason() throws {
        let simulation = try ClusterSimulation(configuration: makeConfiguration(nodes: 2))
        try simulation.perform(.drain(NodeID(0)))
        try simulation.perform(.drain(NodeID(1)))
        #expect(throws: ActionError.self) { try simulation.perform(.schedule(makeRun())) }
        #expect(simulation.runs.isEmpty && simulation.queue.messages.isEmpty, "a refusal leaves nothing behind")
        let refusal = try #require(simulation.events(of: .runRefused).last)
        #expect(refusal.detail.text(naming: simulation.naming).contains("no healthy"))
    }

    @Test func duplicateRunIDsAreRefused() throws {
        let simulation = try ClusterSimulation(configuration: makeConfiguration())
        try simulation.perform(.schedule(makeRun()))
        #expect(throws: ActionError.self) { try simulation.perform(.schedule(makeRun())) }
        #expect(simulation.nextRunID() == RunID("rqml-run-002"))
    }

    @Test func rebalanceMovesUnstartedShardsOffADrainingNode() throws {
        let simulation = try ClusterSimulation(configuration: makeConfiguration(nodes: 3, concurrency: 1))
        try simulation.perform(.schedule(makeRun(items: 30, shardSize: 1)))
        simulation.advance(by: .milliseconds(1))
        #expect(simulation.queue.readyCount[0] > 0)
        try simulation.perform(.drain(NodeID(0)))
        #expect(simulation.queue.readyCount[0] == 0, "draining moves the node's backlog away")
        #expect(simulation.events(of: .rebalanced).count == 1)
    }
}

@Suite struct WaterFillingPlacementTests {
    /// The reference: give each shard to the node with the lowest (load, index), one at a time.
    static func reference(loads: [Int], count: Int) -> [Int] {
        var loads = loads
        return (0..<count).map { _ in
            let best = loads.indices.min { (loads[$0], $0) < (loads[$1], $1) }!
            loads[best] += 1
            return best
        }
    }

    @Test func matchesOneAtATimePlacementForRandomLoads() throws {
        var random = SeededRandom(seed: 99)
        for _ in 0..<200 {
            let nodes = 1 + random.index(below: 12)
            let loads = (0..<nodes).map { _ in random.index(below: 6) }
            let count = random.index(below: 40)
            var configuration = ClusterConfiguration()
            configuration.nodeCount = nodes
            var coordinator = ClusterCoordinator(configuration: configuration)
            for index in 0..<nodes { coordinator.views[index].activeTasks = loads[index] }
            let placed = try coordinator.place(count: count, readyCount: Array(repeating: 0, count: nodes)).map { $0.index }
            #expect(placed == Self.reference(loads: loads, count: count), "loads \(loads), count \(count)")
        }
    }
}

@Suite struct EventKindTests {
    @Test func ordinalsFollowDeclarationOrder() {
        for (index, kind) in EventKind.allCases.enumerated() { #expect(kind.ordinal == index, "\(kind)") }
    }
}
