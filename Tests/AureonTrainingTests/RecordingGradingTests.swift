import AureonCluster
import AureonEngine
import AureonScenario
@testable import AureonTraining
import XCTest

/// Grading a recording gives the verdict of the attempt it recorded.
final class RecordingGradingTests: XCTestCase {
    private func drill() throws -> Drill {
        try makeDrill(objectives: """
              - { name: back, respond: { node: node-03, with: restart, within: 1m }, points: 40 }
              - { name: careful, no_busy_kill: true, points: 10, penalty: 10 }
              - { name: done, runs_complete_by: 9m, points: 50 }
            """, injects: "{ at: 30s, kill: node-03 }, { name: later, when: { commits: 8 }, slow: node-01, factor: 3, for: 1m }",
            hints: "{ after: 45s, cost: 5, text: restart it }")
    }

    func testGradingARecordingEqualsGradingTheSameActionsHeadless() throws {
        let drill = try drill()
        let (session, verdict) = try play(drill, actions: "{ at: 50s, restart: node-03 }, { at: 1m, kill: node-02 }")
        let recording = try RecordingReader.parse(session.recording.text, file: "attempt.jsonl")
        let graded = try DrillRecordingGrader.grade(recording, drill: drill, trainee: "t", file: "attempt.jsonl")
        XCTAssertEqual(graded.json, verdict.json)
        XCTAssertEqual(verdict.status("careful"), .failed, "the recording carries the trainee's busy kill")
        XCTAssertEqual(graded.timelineLines, verdict.timelineLines)
    }

    /// A console attempt: actions and a hint taken between engine events, at arbitrary places.
    func testAnInteractiveAttemptGradesTheSameWhenReplayed() throws {
        let drill = try drill()
        let session = try DrillSession(drill: drill, trainee: "t")
        session.simulation.advance(to: .zero + .milliseconds(41_337))
        session.evaluate()
        _ = session.releaseHint()
        session.simulation.advance(to: .zero + .milliseconds(52_001))
        session.evaluate()
        try session.simulation.perform(.restart(NodeID(2)))
        let verdict = session.run()
        XCTAssertEqual(verdict.status("back"), .met)
        XCTAssertEqual(verdict.hintsUsed, 1)
        let recording = try RecordingReader.parse(session.recording.text, file: "attempt.jsonl")
        let graded = try DrillRecordingGrader.grade(recording, drill: drill, trainee: "t", file: "attempt.jsonl")
        XCTAssertEqual(graded.json, verdict.json)
    }

    func testARecordingOfAnotherDrillIsRefused() throws {
        let (session, _) = try play(try drill())
        let other = try makeDrill(objectives: "  - { name: safe, invariants_hold: true, points: 10 }", cluster: ", max_receive_count: 9")
        let recording = try RecordingReader.parse(session.recording.text, file: "attempt.jsonl")
        XCTAssertThrowsError(try DrillRecordingGrader.grade(recording, drill: other, trainee: "t", file: "attempt.jsonl")) { error in
            XCTAssertTrue("\(error)".hasPrefix("attempt.jsonl:1: cluster:"), "\(error)")
        }
    }
}
