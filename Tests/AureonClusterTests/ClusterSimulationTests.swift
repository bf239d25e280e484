import AureonEngine
import Testing
@testable import AureonCluster

@Suite struct ClusterSimulationTests {
    @Test func calmRunCommitsEveryShardOnce() throws {
        let simulation = try ClusterSimulation(configuration: makeConfiguration())
        try simulation.perform(.schedule(makeRun(items: 40, shardSize: 5, iterations: 2)))
        #expect(simulation.runUntilIdle(limit: .zero + .minutes(30)))
        let run = try #require(simulation.run(named: RunID("rqml-run-001")))
        #expect(run.isComplete)
        #expect(run.iteration == 2)
        #expect(run.totalCommitted == 16)
        #expect(simulation.counters.commits == 16)
        #expect(simulation.checker.holds)
        #expect(simulation.checker.duplicateCommits == 0)
    }

    @Test func sameSeedSameHashDifferentSeedDifferentHash() throws {
        func hash(seed: UInt64) throws -> UInt64 {
            let simulation = try ClusterSimulation(configuration: makeConfiguration(seed: seed))
            try simulation.perform(.schedule(makeRun(items: 60)))
            simulation.schedule(.kill(NodeID(1)), at: .zero + .seconds(5))
            simulation.schedule(.restart(NodeID(1)), at: .zero + .seconds(40))
            simulation.runUntilIdle(limit: .zero + .minutes(30))
            return simulation.traceHash.value
        }
        #expect(try hash(seed: 7) == hash(seed: 7))
        #expect(try hash(seed: 7) != hash(seed: 8))
    }
}
