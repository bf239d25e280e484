import AureonCluster
import AureonEngine
@testable import AureonTraining
import XCTest

/// Each objective kind met, failed, and still open when the drill ends.
final class ObjectiveKindTests: XCTestCase {
    func testRunsCompleteByMetFailedAndOpen() throws {
        let drill = try makeDrill(objectives: """
              - { name: generous, runs_complete_by: 9m, points: 10 }
              - { name: tight, runs_complete_by: 30s, points: 10 }
            """)
        let (_, verdict) = try play(drill)
        XCTAssertEqual(verdict.status("generous"), .met)
        XCTAssertEqual(verdict.status("tight"), .failed)
        XCTAssertFalse(verdict.passed, "a required objective failed")

        let short = try makeDrill(objectives: "  - { name: later, runs_complete_by: 9m, points: 10 }", timeLimit: "1m")
        let (_, cut) = try play(short)
        XCTAssertEqual(cut.status("later"), .open, "time ran out before the run could finish or its bound pass")
        XCTAssertEqual(cut.durationVirtualSeconds, 60)
    }

    func testDrainedByMetFailedAndOpen() throws {
        let drill = try makeDrill(objectives: "  - { name: drained, drained_by: { node: node-02, at: 2m }, points: 10 }",
                                  injects: "{ at: 2m, kill: node-02 }")
        XCTAssertEqual(try play(drill, actions: "{ at: 20s, drain: node-02 }").1.status("drained"), .met)
        let (_, idle) = try play(drill)
        XCTAssertEqual(idle.status("drained"), .failed)
        XCTAssertTrue(idle.objectives[0].detail.contains("never drained"), idle.objectives[0].detail)
        // Drained too late: the kill comes first.
        XCTAssertEqual(try play(drill, actions: "{ at: 1m59s, drain: node-02 }").1.status("drained"), .failed)

        let open = try makeDrill(objectives: "  - { name: drained, drained_by: { node: node-02, at: 5m }, points: 10 }", timeLimit: "1m")
        XCTAssertEqual(try play(open).1.status("drained"), .open)
    }

    func testRespondMetFailedAndOpen() throws {
        let drill = try makeDrill(objectives: "  - { name: back, respond: { node: node-03, with: restart, within: 1m }, points: 10 }",
                                  injects: "{ at: 30s, kill: node-03 }")
        XCTAssertEqual(try play(drill, actions: "{ at: 50s, restart: node-03 }").1.status("back"), .met)
        XCTAssertEqual(try play(drill, actions: "{ at: 1m40s, restart: node-03 }").1.status("back"), .failed, "too late")
        XCTAssertEqual(try play(drill).1.status("back"), .failed)
        let quiet = try makeDrill(objectives: "  - { name: back, respond: { node: node-03, with: restart, within: 1m }, points: 10 }")
        let (_, verdict) = try play(quiet)
        XCTAssertEqual(verdict.status("back"), .open, "the disruption never came")
    }

    func testGuardsAreOpenWhileRunningThenMetOrFailed() throws {
        let drill = try makeDrill(objectives: """
              - { name: no-dlq, max_dead_lettered: 0, points: 10 }
              - { name: few-redeliveries, max_redeliveries: 0, points: 10 }
              - { name: no-expiry, max_leases_expired: 0, points: 10 }
              - { name: careful, no_busy_kill: true, points: 10, penalty: 25 }
              - { name: hands-off, only_touch: [node-01], points: 10 }
              - { name: safe, invariants_hold: true, points: 10 }
            """)
        let session = try DrillSession(drill: drill, trainee: "t")
        session.simulation.advance(to: .zero + .seconds(30))
        session.evaluate()
        XCTAssertEqual(session.tracker.statuses, Array(repeating: .open, count: 6), "guards stay open until the end")

        let (_, clean) = try play(drill)
        XCTAssertEqual(clean.objectives.map(\.status), Array(repeating: .met, count: 6))
        XCTAssertEqual(clean.score, 60)

        // Killing a busy node at 40s breaks four guards at once and costs the penalty.
        let (_, rough) = try play(drill, actions: "{ at: 40s, kill: node-02 }")
        XCTAssertEqual(rough.status("careful"), .failed)
        XCTAssertEqual(rough.status("hands-off"), .failed)
        XCTAssertEqual(rough.status("no-expiry"), .failed)
        XCTAssertEqual(rough.status("few-redeliveries"), .failed)
        XCTAssertEqual(rough.status("no-dlq"), .met)
        XCTAssertEqual(rough.status("safe"), .met)
        XCTAssertEqual(rough.deductions, 25)
        XCTAssertEqual(rough.earned, 20)
        XCTAssertEqual(rough.score, 0, "never below zero")

        let poison = try makeDrill(objectives: "  - { name: no-dlq, max_dead_lettered: 0, points: 10 }", extraRun: ", poison_shards: [2]",
                                   cluster: ", max_receive_count: 2")
        XCTAssertEqual(try play(poison).1.status("no-dlq"), .failed)
    }

    func testTouchingOnlyTheAllowedNodeKeepsOnlyTouch() throws {
        let drill = try makeDrill(objectives: "  - { name: hands-off, only_touch: [node-01], points: 10 }")
        XCTAssertEqual(try play(drill, actions: "{ at: 40s, drain: node-01 }").1.status("hands-off"), .met)
    }
}
