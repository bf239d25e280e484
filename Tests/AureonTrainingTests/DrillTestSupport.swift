import AureonCluster
import AureonEngine
import AureonScenario
@testable import AureonTraining
import XCTest

/// A small drill built from YAML: four nodes, one run of about three minutes.
func makeDrill(
    objectives: String, injects: String = "", hints: String = "", timeLimit: String = "10m", extraRun: String = "",
    cluster: String = "", file: StaticString = #filePath, line: UInt = #line
) throws -> Drill {
    let text = """
        name: test-drill
        title: A test drill
        level: beginner
        seed: 3
        cluster: { nodes: 4, concurrency: 2, heartbeat_interval: 5s, visibility_timeout: 30s, checkpoint_interval: 10s, scan_interval: 5s, unresponsive_after: 15s, dead_after: 30s\(cluster) }
        runs:
          - { id: rqml-run-001, at: 0s, items: 1600, shard_size: 20, work: 20s..30s, max_iterations: 1\(extraRun) }
        time_limit: \(timeLimit)
        injects: [\(injects)]
        objectives:
        \(objectives)
        hints: [\(hints)]
        """
    return try DrillParser.parse(text, file: "test.yaml")
}

/// Plays `drill` headless with timed actions given as YAML flow items.
func play(_ drill: Drill, actions: String = "") throws -> (DrillSession, DrillVerdict) {
    let list = try ActionListParser.parse("actions: [\(actions)]", file: "actions.yaml")
    let session = try DrillSession(drill: drill, trainee: "t", actions: list, actionsFile: "actions.yaml")
    return (session, session.run())
}

extension DrillVerdict {
    func status(_ name: String) -> ObjectiveStatus? { objectives.first { $0.name == name }?.status }
}
