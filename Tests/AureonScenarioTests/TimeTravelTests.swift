import AureonCluster
import AureonEngine
import Foundation
import Testing
@testable import AureonScenario

/// Snapshots, keyframes and jumps: a history visited twice is the same history.
@Suite struct TimeTravelTests {
    static func scenario(_ file: String) throws -> Scenario {
        try ScenarioParser.load(path: DemoScenarioTests.demoDirectory.appendingPathComponent(file).path)
    }

    static func bound(_ scenario: Scenario) -> VirtualTime { .zero + (scenario.expectations.allRunsCompleteBy ?? .hours(48)) }

    /// Jump to a random moment (a seeded draw per demo), then run to the end: the same trace
    /// hash, at the same place, as the run that never jumped.
    @Test(arguments: DemoScenarioTests.scenarioFiles)
    func jumpingBackThenRunningOnGivesTheSameHistory(file: String) throws {
        let scenario = try Self.scenario(file)
        let straight = try scenario.makeSimulation()
        straight.runUntilIdle(limit: Self.bound(scenario))
        let end = HistoryPosition(of: straight)

        let simulation = try scenario.makeSimulation()
        let machine = TimeMachine(simulation: simulation)
        machine.advance(to: end.time)
        var draw = SeededRandom(seed: UInt64(truncatingIfNeeded: file.utf8.reduce(0) { $0 &* 31 &+ Int($1) }))
        let moment = VirtualTime(microseconds: draw.integer(in: 0...end.time.microseconds))
        machine.jump(to: moment)
        #expect(simulation.now == moment)
        #expect(simulation.counters.eventsProcessed <= end.eventCount)
        simulation.runUntilIdle(limit: Self.bound(scenario))
        #expect(HistoryPosition(of: simulation) == end, "\(file): jumped to \(moment)")
        #expect(simulation.traceHash.hexDigest == straight.traceHash.hexDigest, "\(file): jumped to \(moment)")
        #expect(machine.keyframes.keyframes.count > 1)
    }

    /// A snapshot restores into its simulation again and again, and a copy runs on alone.
    @Test func aSnapshotRestoresRepeatedlyAndACopyIsIndependent() throws {
        let scenario = try Self.scenario("node-crash.yaml")
        let simulation = try scenario.makeSimulation()
        simulation.advance(to: .zero + .seconds(60))
        let snapshot = simulation.snapshot()
        let copy = simulation.copy()
        simulation.runUntilIdle(limit: Self.bound(scenario))
        let hash = simulation.traceHash.hexDigest
        let records = try simulation.checkpoints.latestRecords().count
        #expect(copy.now == .zero + .seconds(60), "the copy did not move with the original")
        for _ in 0..<2 {
            simulation.restore(snapshot)
            #expect(simulation.now == .zero + .seconds(60))
            simulation.runUntilIdle(limit: Self.bound(scenario))
            #expect(simulation.traceHash.hexDigest == hash)
            #expect(try simulation.checkpoints.latestRecords().count == records)
        }
        copy.runUntilIdle(limit: Self.bound(scenario))
        #expect(copy.traceHash.hexDigest == hash)
    }

    /// Operator actions done live are replayed at their place when the future is re-run.
    @Test func theRecordedFutureIsReplayedAfterAJump() throws {
        let scenario = try Self.scenario("calm.yaml")
        let simulation = try scenario.makeSimulation()
        let machine = TimeMachine(simulation: simulation)
        machine.advance(to: .zero + .seconds(40))
        try machine.perform(.kill(NodeID(1)))
        machine.advance(to: .zero + .seconds(90))
        try machine.perform(.restart(NodeID(1)))
        machine.advance(to: .zero + .seconds(200))
        let end = machine.branch.end
        let hash = simulation.traceHash.hexDigest
        machine.jump(to: .zero + .seconds(30))
        #expect(machine.isInPast)
        #expect(!simulation.nodes[1].isKilled)
        machine.advance(to: .zero + .seconds(60))
        #expect(simulation.nodes[1].isKilled, "the recorded kill was applied again")
        machine.advance(to: .zero + .seconds(200))
        #expect(HistoryPosition(of: simulation) == end)
        #expect(simulation.traceHash.hexDigest == hash)
        #expect(!machine.isInPast)
        #expect(machine.tree.branches.count == 1)
    }

    /// Acting in the past forks; the old future stays as main, and switching back restores it.
    @Test func actingInThePastForksAndTheOldFutureStays() throws {
        let scenario = try Self.scenario("calm.yaml")
        let simulation = try scenario.makeSimulation()
        let machine = TimeMachine(simulation: simulation)
        machine.advance(to: .zero + .seconds(120))
        let mainHash = simulation.traceHash.hexDigest
        machine.jump(to: .zero + .seconds(50))
        try machine.perform(.kill(NodeID(2)))
        #expect(machine.currentBranch == "branch-2")
        #expect(machine.branch.parent == "main")
        #expect(machine.branch.fork.time == .zero + .seconds(50))
        machine.advance(to: .zero + .seconds(120))
        #expect(simulation.traceHash.hexDigest != mainHash)
        #expect(machine.tree.main.endTraceHash == mainHash)
        #expect(machine.switchTo("main"))
        #expect(simulation.traceHash.hexDigest == mainHash)
        #expect(!simulation.nodes[2].isKilled)
    }

    /// Over the memory cap, keyframes are thinned evenly and the interval grows.
    @Test func keyframesStayUnderTheMemoryCap() throws {
        let scenario = try Self.scenario("node-crash.yaml")
        let simulation = try scenario.makeSimulation()
        let one = simulation.snapshot().estimatedByteCount
        let machine = TimeMachine(simulation: simulation, memoryCap: one * 40, keyframeInterval: .seconds(1))
        machine.advance(to: .zero + .seconds(300))
        #expect(machine.keyframeBytes <= one * 40 * 2, "within the cap (sizes grow as the run fills the queue)")
        #expect(machine.keyframes.interval > .seconds(1))
        let times = machine.keyframes.keyframes.map(\.position.time)
        #expect(times.first == .zero)
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 <= machine.keyframes.interval * 2 }, "evenly spread: \(gaps)")
    }
}
