import AureonCluster
import AureonEngine
import Foundation
import Testing
@testable import AureonScenario

/// Every scenario in `demo/` runs headless with its `expect:` block passing.
@Suite struct DemoScenarioTests {
    static let demoDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("demo")

    /// The benchmark workloads are far larger; they are run by the benchmarks, not the tests.
    static var scenarioFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: demoDirectory.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") && !$0.hasPrefix("bench-") }
            .sorted()
    }

    @Test func thereAreAtLeastThreeDemos() {
        #expect(Self.scenarioFiles.count >= 3)
        #expect(Self.scenarioFiles.contains("calm.yaml"))
        #expect(Self.scenarioFiles.contains("node-crash.yaml"))
        #expect(Self.scenarioFiles.contains("rolling-drain.yaml"))
    }

    @Test(arguments: scenarioFiles)
    func demoPassesItsExpectations(file: String) throws {
        let scenario = try ScenarioParser.load(path: Self.demoDirectory.appendingPathComponent(file).path)
        let simulation = try scenario.makeSimulation()
        let bound = scenario.expectations.allRunsCompleteBy ?? .minutes(48 * 60)
        simulation.runUntilIdle(limit: .zero + bound)
        let summary = SimulationSummary(simulation: simulation, scenario: scenario, stoppedEarly: false, wallSeconds: 0)
        #expect(summary.passed, "\(file): \(summary.expectations.filter { !$0.passed })")
        #expect(summary.duplicateCommits == 0 && summary.lostShards == 0)
        #expect(summary.shardsCommitted + summary.deadLettered == summary.shardsTotal)
    }

    @Test func rollingDrainMovesWorkOffEachDrainedNode() throws {
        let scenario = try ScenarioParser.load(path: Self.demoDirectory.appendingPathComponent("rolling-drain.yaml").path)
        let simulation = try scenario.makeSimulation()
        simulation.runUntilIdle(limit: .zero + .minutes(60))
        let drained = Set(simulation.events.recent.filter { $0.kind == .nodeDraining }.compactMap(\.node))
        #expect(drained.count >= 6, "the run outlasts most of the rolling drain")
        #expect(simulation.events.count(of: .rebalanced) >= 6)
    }
}

@Suite struct DrillScenarioTests {
    static func summary(_ name: String) throws -> SimulationSummary {
        let scenario = try ScenarioParser.load(path: DemoScenarioTests.demoDirectory.appendingPathComponent("\(name).yaml").path)
        let simulation = try scenario.makeSimulation()
        simulation.runUntilIdle(limit: .zero + (scenario.expectations.allRunsCompleteBy ?? .hours(48)))
        return SimulationSummary(simulation: simulation, scenario: scenario, stoppedEarly: false, wallSeconds: 0)
    }

    @Test func partitionZombiesAreFencedOff() throws {
        let summary = try Self.summary("partition-zombie")
        #expect(summary.staleWritesRejected > 0)
        #expect(summary.duplicateCommits == 0 && summary.lostShards == 0 && summary.passed)
    }

    /// 30% data-plane loss over the whole run: every shard committed once, lost acks show as
    /// redeliveries that find the commit (already_committed), and the invariants hold.
    @Test func lostAcksAreRedeliveredAndFoundCommitted() throws {
        let summary = try Self.summary("lost-acks")
        #expect(summary.nodes == 12)
        #expect(summary.shardsCommitted == summary.shardsTotal && summary.duplicateCommits == 0 && summary.lostShards == 0)
        #expect(summary.redeliveries > 0 && summary.alreadyCommitted > 0 && summary.dataMessagesLost > 0)
        #expect(summary.invariantViolations == 0 && summary.passed)
    }

    @Test func poisonShardEndsDeadLettered() throws {
        let summary = try Self.summary("poison-shard")
        #expect(summary.deadLettered >= 1)
        #expect(summary.passed, "the expectation asks for the dead letter, so the run passes")
    }

    @Test func tourConvergesBeforeItsLastIterationAndTakesAboutThreeMinutesAtTenTimes() throws {
        let summary = try Self.summary("tour")
        let run = try #require(summary.runs.first)
        #expect(run.converged && run.iterations < 6)
        let wallAtTenTimes = summary.virtualSeconds / 10
        #expect((120...240).contains(wallAtTenTimes), "\(wallAtTenTimes) s at ×10")
        #expect(summary.staleWritesRejected > 0 && summary.redeliveries > 0)
    }

    @Test func catalogListsEveryDemoWithItsDescription() {
        let catalog = DemoCatalog(environment: ["AUREON_DEMO_DIR": DemoScenarioTests.demoDirectory.path])
        let names = catalog.entries().map(\.name)
        for required in ["tour", "partition-zombie", "poison-shard", "node-loss-30", "slow-node"] { #expect(names.contains(required)) }
        #expect(!names.contains { $0.hasPrefix("bench-") })
        #expect(catalog.entries().allSatisfy { $0.description != "(does not load)" })
        #expect(throws: InputError.self) { _ = try catalog.entry(named: "nope") }
    }
}
