import AureonCluster
import AureonEngine
@testable import AureonTraining
import XCTest

final class HintAndInjectTests: XCTestCase {
    func testHintsAreReleasedAfterNoProgressAndCostPoints() throws {
        let drill = try makeDrill(objectives: "  - { name: safe, invariants_hold: true, points: 50 }",
                                  hints: "{ after: 30s, cost: 7, text: first }, { after: 40s, cost: 5, text: second }")
        let (session, verdict) = try play(drill)
        let hints = session.tracker.entries.filter { if case .hint = $0.actor { return true } else { return false } }
        XCTAssertEqual(hints.map(\.time), [.zero + .seconds(30), .zero + .seconds(70)], "each after its own quiet spell")
        XCTAssertEqual(verdict.hintsUsed, 2)
        XCTAssertEqual(verdict.hintCost, 12)
        XCTAssertEqual(verdict.score, 50 - 12)

        // An action is progress: the quiet spell starts again from it.
        let (moved, _) = try play(drill, actions: "{ at: 20s, rebalance: true }")
        let first = moved.tracker.entries.first { if case .hint = $0.actor { return true } else { return false } }
        XCTAssertEqual(first?.time, .zero + .seconds(50))
    }

    func testAHintOnRequestCountsAndCosts() throws {
        let drill = try makeDrill(objectives: "  - { name: safe, invariants_hold: true, points: 50 }", hints: "{ after: 1h, cost: 9, text: ask me }")
        let session = try DrillSession(drill: drill, trainee: "t")
        session.simulation.advance(to: .zero + .seconds(5))
        XCTAssertEqual(session.releaseHint(), "ask me")
        XCTAssertNil(session.releaseHint(), "no hint left")
        let verdict = session.run()
        XCTAssertEqual(verdict.hintsUsed, 1)
        XCTAssertEqual(verdict.score, 41)
    }

    /// "When run 1 is 40% done": the inject goes off at the first evaluation after 40% of the
    /// run's shards settled, not before.
    func testAnInjectTriggersWhenTheRunIsFortyPercentDone() throws {
        let drill = try makeDrill(objectives: "  - { name: safe, invariants_hold: true, points: 10 }",
                                  injects: "{ name: late, when: { run: rqml-run-001, progress: 40% }, kill: node-04 }")
        let session = try DrillSession(drill: drill, trainee: "t")
        var settledBefore = 0.0
        while session.tracker.injectsFired[0] == nil, !session.isFinished {
            settledBefore = session.simulation.runs.first?.fraction ?? 0
            session.simulation.advance(to: session.simulation.now + DrillSession.evaluationInterval)
            session.evaluate()
        }
        let fired = try XCTUnwrap(session.tracker.injectsFired[0])
        XCTAssertLessThan(settledBefore, 0.4, "not already at 40% one interval earlier")
        XCTAssertGreaterThanOrEqual(session.simulation.runs[0].fraction, 0.4)
        XCTAssertTrue(session.simulation.nodes[3].isKilled)
        XCTAssertGreaterThan(fired, .zero + .seconds(20))
    }

    func testInjectsTriggerOnCommitsAndOnAnObjectiveMet() throws {
        let drill = try makeDrill(objectives: "  - { name: back, respond: { node: node-02, with: restart, within: 1m }, points: 10 }",
                                  injects: """
                                    { name: crash, when: { commits: 5 }, kill: node-02 }, \
                                    { name: after, when: { objective: back }, partition: node-03, for: 10s }
                                    """)
        let (session, verdict) = try play(drill, actions: "{ at: 1m, restart: node-02 }")
        let crash = try XCTUnwrap(session.tracker.injectsFired[0])
        let after = try XCTUnwrap(session.tracker.injectsFired[1])
        XCTAssertEqual(verdict.status("back"), .met)
        XCTAssertLessThan(crash, .zero + .minutes(1))
        XCTAssertGreaterThanOrEqual(after, .zero + .minutes(1), "only once node-02 was back")
        XCTAssertLessThanOrEqual(after, .zero + .minutes(1) + DrillSession.evaluationInterval)
    }

    func testAnInstructorFiringAnInjectEarlyMarksTheAttempt() throws {
        let drill = try makeDrill(objectives: "  - { name: safe, invariants_hold: true, points: 10 }", injects: "{ name: crash, at: 5m, kill: node-02 }")
        let session = try DrillSession(drill: drill, trainee: "t")
        session.simulation.advance(to: .zero + .seconds(10))
        XCTAssertEqual(session.fireNextInject(), "crash")
        XCTAssertTrue(session.simulation.nodes[1].isKilled)
        let verdict = session.run()
        XCTAssertTrue(verdict.instructorAssisted)
        XCTAssertEqual(session.tracker.injectsFired[0], .zero + .seconds(10))
    }
}
