import AureonCluster
import AureonEngine
import Foundation
import Testing
@testable import AureonScenario

/// Causality analysis answers what it claims: certainty once the outcome has happened or has
/// been decided, and uncertainty before, where the randomness still decides.
@Suite struct CausalityAnalysisTests {
    /// Two nodes, one long shard, and at 60 s a scheduled `kill_random: 1`: whether the outcome
    /// (a redelivery) happens is decided by which node that kill picks, a draw at 60 s. With
    /// seed 2 it picked the node holding the shard.
    static let coinKill = """
    name: coin-kill
    seed: 2
    cluster: { nodes: 2, concurrency: 1, heartbeat_interval: 5s, visibility_timeout: 60s, checkpoint_interval: 30s }
    runs:
      - { id: r1, at: 0s, items: 1, shard_size: 1, work: 200s..200s }
    actions:
      - { at: 60s, kill_random: 1 }
    """
    static let decidedAt = VirtualTime.zero + .seconds(60)

    static func record(_ scenario: Scenario) throws -> Recording {
        let simulation = try scenario.makeSimulation()
        simulation.runUntilIdle(limit: .zero + .hours(1))
        return Recording(scenarioName: scenario.name, simulation: simulation)
    }

    static func report(_ analysis: CausalityAnalysis) throws -> CausalityReport {
        let runner = try CausalityAnalysis.Runner(analysis)
        return analysis.report(analysis.moments.indices.map { runner.count(moment: $0, variants: 0..<analysis.variants) })
    }

    @Test func anOutcomeDecidedByAScheduledDrawJumpsToCertaintyAtTheDraw() throws {
        let recording = try Self.record(try ScenarioParser.parse(Self.coinKill, file: "coin-kill.yaml"))
        let analysis = try CausalityAnalysis(recording: recording, branch: Branch.mainName, outcome: try OutcomePredicate.parse("redeliveries > 0"),
                                             from: nil, to: .zero + .minutes(3), step: .seconds(20), variants: 20)
        let report = try Self.report(analysis)
        let happened = try #require(report.outcomeFirstAt)
        #expect(happened > Self.decidedAt, "the redelivery comes a visibility timeout after the kill")
        let before = report.points.filter { $0.time < Self.decidedAt }, after = report.points.filter { $0.time >= Self.decidedAt }
        #expect(before.count == 3 && after.count >= 7)
        for point in before { #expect(point.probability > 0 && point.probability < 1, "at \(point.time) the draw is still ahead: \(point.probability)") }
        for point in after { #expect(point.probability == 1, "at \(point.time) the draw is made: \(point.probability)") }
        #expect(report.inevitableAt == Self.decidedAt)
    }

    /// On a shipped demo, with an outcome that is uncertain early: exactly 1 from the moment it
    /// happened, and inevitable no later than that.
    @Test func fromTheOutcomeOnTheProbabilityIsOneAndInevitabilityComesNoLater() throws {
        let recording = try Self.record(try TimeTravelTests.scenario("node-crash.yaml"))
        let analysis = try CausalityAnalysis(recording: recording, branch: Branch.mainName,
                                             outcome: try OutcomePredicate.parse("run_late rqml-run-001 5m40s"),
                                             from: nil, to: nil, step: .seconds(30), variants: 6)
        let report = try Self.report(analysis)
        let happened = try #require(report.outcomeFirstAt)
        #expect(report.points.contains { $0.time == happened }, "the moment it happened is probed")
        #expect(report.points.contains { $0.time < happened && $0.probability < 1 }, "early on the future could still go either way")
        for point in report.points where point.time >= happened { #expect(point.probability == 1, "at \(point.time)") }
        let inevitable = try #require(report.inevitableAt)
        #expect(inevitable <= happened)
    }

    /// Items may run in any order, in any runner (process), and still answer the same.
    @Test func anItemsAnswerDoesNotDependOnWhichRunnerRunsItOrWhen() throws {
        let recording = try Self.record(try ScenarioParser.parse(Self.coinKill, file: "coin-kill.yaml"))
        let analysis = try CausalityAnalysis(recording: recording, branch: Branch.mainName, outcome: try OutcomePredicate.parse("redeliveries > 0"),
                                             from: nil, to: .zero + .seconds(50), step: .seconds(25), variants: 8)
        let forwards = try CausalityAnalysis.Runner(analysis), backwards = try CausalityAnalysis.Runner(analysis)
        let items = analysis.moments.indices.flatMap { moment in (0..<8).map { (moment, $0) } }
        let one = items.map { forwards.run(moment: $0.0, variant: $0.1) }
        let other = Array(items.reversed().map { backwards.run(moment: $0.0, variant: $0.1) }.reversed())
        #expect(one == other)
        #expect(one.contains(true) && one.contains(false))
    }
}
