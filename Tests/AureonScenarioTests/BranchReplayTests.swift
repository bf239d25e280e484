import AureonCluster
import AureonEngine
import Foundation
import Testing
@testable import AureonScenario

/// A branch made by acting in the past survives the trip through a recording file.
@Suite struct BranchReplayTests {
    /// A session on calm.yaml: main runs to 2 min, then a kill at 50 s forks branch-2, which
    /// runs to 3 min. Returns the machine (its tree holds both branches' hashes).
    static func forkedSession() throws -> (Scenario, TimeMachine) {
        let scenario = try TimeTravelTests.scenario("calm.yaml")
        let machine = TimeMachine(simulation: try scenario.makeSimulation())
        machine.advance(to: .zero + .seconds(120))
        machine.jump(to: .zero + .seconds(50))
        try machine.perform(.kill(NodeID(2)))
        machine.advance(to: .zero + .seconds(180))
        return (scenario, machine)
    }

    @Test func forkingABranchThenReplayingItFromTheFileReproducesItsHash() throws {
        let (scenario, machine) = try Self.forkedSession()
        let forked = try #require(machine.tree.branch(named: "branch-2"))
        #expect(forked.endTraceHash == machine.simulation.traceHash.hexDigest)
        #expect(forked.endTraceHash != machine.tree.main.endTraceHash)
        let written = Recording(scenarioName: scenario.name, configuration: machine.simulation.configuration, tree: machine.tree)
        let read = try RecordingReader.parse(written.text, file: "session.jsonl")
        #expect(read.allBranches.map(\.name) == ["main", "branch-2"])
        for branch in machine.tree.branches {
            let flat = try #require(read.flattened(branch: branch.name))
            let player = try RecordingPlayer(recording: flat)
            #expect(player.playToEnd() == branch.endTraceHash, "branch \(branch.name)")
            #expect(HistoryPosition(of: player.simulation) == branch.end, "branch \(branch.name)")
        }
    }
}
