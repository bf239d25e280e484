import AureonCluster
import AureonEngine
import Foundation
import Testing
@testable import AureonScenario

@Suite struct ScenarioParserTests {
    static let example = """
    name: node-crash
    seed: 7
    cluster: { nodes: 12, concurrency: 4, heartbeat_interval: 10s, visibility_timeout: 60s, checkpoint_interval: 30s }
    runs:
      - { id: rqml-run-001, at: 0s, dataset: dataset-A, items: 10000, shard_size: 100, strategy: by_slice, work: 20s..90s, max_iterations: 2 }
    actions:
      - { at: 30s, kill: node-03 }
      - { at: 45s, drain: node-07 }
      - { at: 120s, restart: node-03 }
      - { at: 150s, resume: node-07 }
      - { at: 160s, kill_random: 2 }
      - { at: 170s, restart: killed }
      - { at: 175s, partition: [node-01, node-02], for: 30s }
      - { at: 176s, slow: node-04, factor: 3, for: 1m }
      - { at: 177s, message_loss: 0.1, for: 500ms }
      - { at: 178s, say: "hello" }
    expect: { all_runs_complete_by: 1h, invariants: hold, min_redeliveries: 1 }
    """

    @Test func parsesTheIssueExample() throws {
        let scenario = try ScenarioParser.parse(Self.example, file: "example.yaml")
        #expect(scenario.name == "node-crash")
        #expect(scenario.configuration.seed == 7)
        #expect(scenario.configuration.nodeCount == 12 && scenario.configuration.concurrency == 4)
        #expect(scenario.configuration.heartbeatInterval == .seconds(10))
        let run = try #require(scenario.runs.first)
        #expect(run.spec.id == RunID("rqml-run-001") && run.spec.items == 10_000 && run.spec.shardSize == 100)
        #expect(run.spec.work == .seconds(20)...(.seconds(90)) && run.spec.maxIterations == 2)
        let actions = try scenario.actions.map { try $0.resolve(nodeCount: 12, file: "example.yaml") }
        #expect(actions == [
            .kill(NodeID(2)), .drain(NodeID(6)), .restart(NodeID(2)), .resume(NodeID(6)), .killRandom(2), .restartKilled,
            .partition([NodeID(0), NodeID(1)], duration: .seconds(30)), .slow(NodeID(3), factor: 3, duration: .minutes(1)),
            .messageLoss(probability: 0.1, plane: .all, duration: .milliseconds(500)), .say("hello"),
        ])
        #expect(scenario.actions.map(\.at) == [30, 45, 120, 150, 160, 170, 175, 176, 177, 178].map { VirtualDuration.seconds($0) })
        #expect(scenario.expectations.allRunsCompleteBy == .minutes(60))
        #expect(scenario.expectations.minRedeliveries == 1)
    }

    @Test(arguments: [
        ("cluster: { nodes: 0 }", 1, "cluster.nodes must be between"),
        ("seed: -3", 1, "seed must be an unsigned"),
        ("runs:\n  - { items: 10, work: 5s..1s }", 2, "work minimum 5s is greater than maximum 1s"),
        ("runs:\n  - { items: 0 }", 2, "items must be between"),
        ("runs:\n  - { items: 10, strategy: sideways }", 2, "strategy must be"),
        ("actions:\n  - { kill: node-01 }", 2, "needs 'at:'"),
        ("actions:\n  - { at: 1s, kill: node-01, drain: node-02 }", 2, "two verbs"),
        ("actions:\n  - { at: 1s, flaky: node-01, probability: 1.5 }", 2, "probability between 0 and 1"),
        ("actions:\n  - { at: -1s, kill: node-01 }", 2, "at must be a duration"),
        ("actions:\n  - { at: 1s, slow: node-01 }", 2, "slow needs 'factor:'"),
        ("actions:\n  - { at: 1s,\n      kill: node-99 }", 3, "unknown node 'node-99'"),
        ("expect: { invariants: sometimes }", 1, "invariants must be"),
        ("bogus: 1", 1, "unknown key 'bogus'"),
        ("name: [unclosed\n", 2, "malformed YAML"),
        ("- just\n- a list", 1, "scenario must be a mapping"),
    ])
    func badInputNamesFileLineAndProblem(text: String, line: Int, problem: String) {
        do {
            _ = try ScenarioParser.parse(text, file: "bad.yaml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.file == "bad.yaml")
            #expect(error.line == line, "\(error)")
            #expect(error.message.contains(problem), "\(error)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func nodeNamesAreCheckedAgainstTheFinalNodeCount() throws {
        let scenario = try ScenarioParser.parse("cluster: { nodes: 8 }\nactions:\n  - { at: 1s, kill: node-08 }", file: "s.yaml")
        #expect(throws: InputError.self) { _ = try scenario.actions[0].resolve(nodeCount: 4, file: "s.yaml") }
        var shrunk = scenario
        shrunk.configuration.nodeCount = 4
        #expect(throws: InputError.self) { _ = try shrunk.makeSimulation() }
    }

    @Test func durationRanges() {
        if case let .success(range) = DurationParsing.parseRange("500ms..2s") {
            #expect(range == .milliseconds(500)...(.seconds(2)))
        } else {
            Issue.record("500ms..2s refused")
        }
        if case .success = DurationParsing.parseRange("0s..2s") { Issue.record("zero minimum accepted") }
        if case .success = DurationParsing.parseRange("2s..") { Issue.record("half range accepted") }
    }
}
