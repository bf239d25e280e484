import AureonCluster
import AureonEngine
import AureonScenario
@testable import AureonTraining
import XCTest

final class DrillParserTests: XCTestCase {
    func testADrillReadsItsSections() throws {
        let drill = try makeDrill(objectives: "  - { name: safe, invariants_hold: true, points: 10, required: false }",
                                  injects: "{ name: storm, when: { run: rqml-run-001, progress: 0.25 }, message_loss: 0.2, for: 1m, page: look }",
                                  hints: "{ after: 1m, cost: 3, text: hi }")
        XCTAssertEqual(drill.level, .beginner)
        XCTAssertEqual(drill.scenario.configuration.nodeCount, 4)
        XCTAssertEqual(drill.injects[0].trigger, .runProgress(RunID("rqml-run-001"), fraction: 0.25))
        XCTAssertEqual(drill.injects[0].page, "look")
        XCTAssertEqual(drill.objectives[0].required, false)
        XCTAssertEqual(drill.hints[0].cost, 3)
        XCTAssertEqual(drill.maxScore, 10)
    }

    func testBadDrillsNameFileLineAndKey() {
        func error(_ objectives: String, injects: String = "") -> String {
            do {
                _ = try makeDrill(objectives: objectives, injects: injects)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertTrue(error("  - { name: a, runs_complete_by: soon }").hasPrefix("test.yaml:11: runs_complete_by: must be a duration"))
        XCTAssertTrue(error("  - { name: a, invariants_hold: true }", injects: "{ at: 1m, when: { commits: 3 }, kill: node-01 }")
            .contains("test.yaml:9: injects: an inject has either at: or when:"))
        XCTAssertTrue(error("  - { name: a, invariants_hold: true }", injects: "{ when: { run: nope, progress: 10% }, kill: node-01 }")
            .contains("when.run: no run 'nope'"))
        XCTAssertTrue(error("  - { name: a, invariants_hold: true }", injects: "{ when: { objective: b }, kill: node-01 }")
            .contains("when.objective: no objective 'b'"))
        XCTAssertTrue(error("  - { name: a, invariants_hold: true }", injects: "{ at: 1m, kill: node-09 }").contains("unknown node 'node-09'"))
        XCTAssertTrue(error("  - { name: a, respond: { node: node-01, with: dance, within: 1m } }").contains("respond.with: must be drain"))
    }
}
