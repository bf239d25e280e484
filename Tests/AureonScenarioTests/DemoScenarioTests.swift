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
