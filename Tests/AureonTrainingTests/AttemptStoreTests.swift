@testable import AureonTrainingStore
import Foundation
import XCTest

final class AttemptStoreTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("aureon-store-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws {
        if FileManager.default.fileExists(atPath: directory.path) { try FileManager.default.removeItem(at: directory) }
    }

    private func record(_ trainee: String, score: Int, passed: Bool) -> AttemptRecord {
        AttemptRecord(trainee: trainee, drill: "crash-restart", drillHash: "00ff", seed: UInt64.max, startedAt: "2026-12-02T05:00:00Z",
                      durationVirtualSeconds: 12.5, score: score, maxScore: 100, passed: passed, hintsUsed: 1, recordingPath: nil,
                      recordingHash: nil, traceHash: "0123456789abcdef", instructorAssisted: true)
    }

    func testAttemptsSurviveReopeningAndSummarise() throws {
        let path = directory.appendingPathComponent("nested/aureon.sqlite").path
        try AttemptStore(path: path).save(record("ana", score: 40, passed: false))
        let reopened = try AttemptStore(path: path)  // migrations already applied: a no-op
        try reopened.save(record("ana", score: 90, passed: true))
        let attempts = try reopened.attempts(trainee: "ana")
        XCTAssertEqual(attempts, [record("ana", score: 40, passed: false), record("ana", score: 90, passed: true)])
        XCTAssertEqual(try reopened.history(), [AttemptSummary(drill: "crash-restart", trainee: "ana", best: 90, last: 90, attempts: 2, passes: 1)])
        XCTAssertEqual(try reopened.attempts(trainee: "bo"), [])
    }

    func testTheDefaultPathFollowsXDG() {
        XCTAssertEqual(AttemptStore.defaultPath(environment: ["XDG_DATA_HOME": "/x", "HOME": "/h"]), "/x/aureon/aureon.sqlite")
        XCTAssertEqual(AttemptStore.defaultPath(environment: ["HOME": "/h"]), "/h/.local/share/aureon/aureon.sqlite")
    }

    func testAFileThatIsNotSQLiteIsRefusedUntouched() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("notes.sqlite").path
        let bytes = Data(repeating: 0x41, count: 5_000)
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: bytes))
        XCTAssertThrowsError(try AttemptStore(path: path)) { error in
            XCTAssertEqual(error as? AttemptStoreError, .notADatabase(path: path))
        }
        XCTAssertEqual(FileManager.default.contents(atPath: path), bytes)
    }
}
