import AureonCluster
import AureonEngine
import Foundation
import Testing
@testable import AureonScenario

/// Variant seeds and causality analysis over a recorded branch.
@Suite struct BranchRecordingTests {
    @Test func variantSeedsAreAPureFunctionOfTheirInputs() {
        let one = VariantSeed.derive(seed: 7, branch: "main", moment: .zero + .seconds(30), variant: 3)
        #expect(one == VariantSeed.derive(seed: 7, branch: "main", moment: .zero + .seconds(30), variant: 3))
        #expect(one != VariantSeed.derive(seed: 8, branch: "main", moment: .zero + .seconds(30), variant: 3))
        #expect(one != VariantSeed.derive(seed: 7, branch: "branch-2", moment: .zero + .seconds(30), variant: 3))
        #expect(one != VariantSeed.derive(seed: 7, branch: "main", moment: .zero + .seconds(31), variant: 3))
        #expect(one != VariantSeed.derive(seed: 7, branch: "main", moment: .zero + .seconds(30), variant: 4))
    }

    /// After the outcome happened its probability is exactly 1, and the inevitable moment is
    /// never later than the outcome's first event.
    @Test func probabilityIsOneAfterTheOutcomeAndInevitabilityComesNoLater() throws {
        let scenario = try TimeTravelTests.scenario("node-crash.yaml")
        let simulation = try scenario.makeSimulation()
        simulation.runUntilIdle(limit: .zero + .hours(1))
        let recording = Recording(scenarioName: scenario.name, simulation: simulation)
        let analysis = try CausalityAnalysis(recording: recording, branch: "main", outcome: try OutcomePredicate.parse("redeliveries > 0"),
                                             from: nil, to: nil, step: nil, variants: 4)
        let first = try #require(analysis.outcomeFirstAt)
        let runner = try CausalityAnalysis.Runner(analysis)
        let counts = analysis.moments.indices.map { index in (0..<4).filter { runner.run(moment: index, variant: $0) }.count }
        let report = analysis.report(counts)
        for point in report.points where point.time >= first { #expect(point.probability == 1) }
        let inevitable = try #require(report.inevitableAt)
        #expect(inevitable <= first)
    }
}
