import AureonTraining
import Foundation
import XCTest

/// `aureon drill run/check/history/list` through the built binary, on temporary databases.
final class DrillCommandTests: XCTestCase {
    private var directory: URL!
    private var db: String { directory.appendingPathComponent("attempts.sqlite").path }

    override func setUpWithError() throws { directory = try CLI.temporaryDirectory() }
    override func tearDownWithError() throws { try FileManager.default.removeItem(at: directory) }

    private static let drillsFolder = CLI.repositoryRoot.appendingPathComponent("demo/drills")
    private static let solutionsFolder = CLI.repositoryRoot.appendingPathComponent("Tests/DrillSolutions")

    private func shippedDrills() throws -> [Drill] { try DrillCatalog(directory: Self.drillsFolder.path).drills() }

    /// Acceptance: every shipped drill passes with its reference solution, above its pass mark,
    /// and fails when the trainee does nothing — unless the drill says it tests patience.
    func testEveryShippedDrillPassesWithItsReferenceAndFailsWithNothing() throws {
        let drills = try shippedDrills()
        XCTAssertGreaterThanOrEqual(drills.count, 8)
        XCTAssertEqual(Set(drills.map(\.level)), Set(DrillLevel.allCases), "beginner to expert")
        for drill in drills {
            let solution = Self.solutionsFolder.appendingPathComponent("\(drill.name).yaml").path
            XCTAssertTrue(FileManager.default.fileExists(atPath: solution), "\(drill.name) has a reference solution")
            let reference = try CLI.run(["drill", "run", drill.name, "--actions", solution, "--trainee", "reference", "--db", db, "--json"])
            let verdict = try CLI.summary(reference)
            XCTAssertEqual(reference.status, 0, "\(drill.name) reference: \(reference.stdout)\(reference.stderr)")
            XCTAssertEqual(verdict["passed"] as? Bool, true, drill.name)
            XCTAssertGreaterThan(verdict["score"] as? Int ?? 0, drill.passMark, "\(drill.name): score above the pass mark")

            let idle = try CLI.run(["drill", "run", drill.name, "--trainee", "idle", "--db", db, "--json"])
            let idleVerdict = try CLI.summary(idle)
            if drill.patience != nil {
                XCTAssertEqual(idle.status, 0, "\(drill.name) tests patience: doing nothing passes")
                XCTAssertEqual(idleVerdict["passed"] as? Bool, true)
            } else {
                XCTAssertEqual(idle.status, 1, "\(drill.name): doing nothing fails: \(idle.stdout)")
                XCTAssertEqual(idleVerdict["passed"] as? Bool, false)
            }
        }
    }

    func testJSONHasTheContractKeysAndTheSameAttemptGradesTheSame() throws {
        let solution = Self.solutionsFolder.appendingPathComponent("crash-restart.yaml").path
        let first = try CLI.run(["drill", "run", "crash-restart", "--actions", solution, "--trainee", "ana", "--db", db, "--json"])
        let second = try CLI.run(["drill", "run", "crash-restart", "--actions", solution, "--trainee", "ana", "--db", db, "--json"])
        XCTAssertEqual(first.stdout, second.stdout, "the same attempt graded twice gives the same result")
        let verdict = try CLI.summary(first)
        XCTAssertEqual(Set(verdict.keys), ["drill", "trainee", "passed", "score", "max_score", "objectives", "hints_used",
                                            "duration_virtual_seconds", "trace_hash"])
        XCTAssertEqual(verdict["drill"] as? String, "crash-restart")
        XCTAssertEqual(verdict["trainee"] as? String, "ana")
        let objectives = try XCTUnwrap(verdict["objectives"] as? [[String: Any]])
        XCTAssertEqual(objectives.count, 3)
        for objective in objectives {
            XCTAssertEqual(Set(objective.keys), ["name", "required", "status", "points", "detail"])
            XCTAssertTrue(["met", "failed", "open"].contains(objective["status"] as? String ?? ""))
        }
    }

    /// A recorded attempt graded by `drill check` gives the verdict the run gave.
    func testCheckingARecordingGradesLikeTheHeadlessRun() throws {
        let solution = Self.solutionsFolder.appendingPathComponent("partitioned-zombie.yaml").path
        let recording = directory.appendingPathComponent("attempt.jsonl").path
        let run = try CLI.run(["drill", "run", "partitioned-zombie", "--actions", solution, "--trainee", "bo", "--db", db, "--json",
                               "--record", recording])
        XCTAssertEqual(run.status, 0, run.stderr)
        let check = try CLI.run(["drill", "check", recording, "--trainee", "bo", "--json"])
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertEqual(check.stdout, run.stdout)
        // Not overwritten by a second run.
        let again = try CLI.run(["drill", "run", "partitioned-zombie", "--db", db, "--record", recording])
        XCTAssertEqual(again.status, 2)
    }

    func testHistoryListsAttemptsPerDrillAndTrainee() throws {
        let solution = Self.solutionsFolder.appendingPathComponent("crash-restart.yaml").path
        _ = try CLI.run(["drill", "run", "crash-restart", "--actions", solution, "--trainee", "ana", "--db", db])
        _ = try CLI.run(["drill", "run", "crash-restart", "--trainee", "ana", "--db", db])
        _ = try CLI.run(["drill", "run", "crash-restart", "--trainee", "bo", "--db", db])
        let history = try CLI.run(["drill", "history", "--db", db, "--trainee", "ana", "--json"])
        XCTAssertEqual(history.status, 0, history.stderr)
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows[0]["attempts"] as? Int, 2)
        XCTAssertEqual(rows[0]["passes"] as? Int, 1)
        XCTAssertEqual(rows[0]["best"] as? Int, 90)
        XCTAssertEqual(rows[0]["last"] as? Int, 40)
        let table = try CLI.run(["drill", "history", "--db", db])
        XCTAssertTrue(table.stdout.contains("crash-restart"), table.stdout)
        XCTAssertTrue(table.stdout.contains("bo"))
        let list = try CLI.run(["drill", "list", "--db", db])
        XCTAssertTrue(list.stdout.contains("90/100"), "best score in the list: \(list.stdout)")
    }

    /// Two processes saving at the same moment: both attempts land (WAL + busy timeout).
    func testConcurrentSavesFromTwoProcessesBothLand() throws {
        let processes = (0..<2).map { index -> Process in
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = ["drill", "run", "crash-restart", "--trainee", "p\(index)", "--db", db]
            process.currentDirectoryURL = CLI.repositoryRoot
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            return process
        }
        for process in processes { try process.run() }
        for process in processes { process.waitUntilExit() }
        XCTAssertEqual(processes.map(\.terminationStatus), [1, 1], "both ran (and failed the drill, doing nothing)")
        let history = try CLI.run(["drill", "history", "--db", db, "--json"])
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["trainee"] as? String ?? "" }.sorted(), ["p0", "p1"])
    }

    func testACorruptDatabaseIsRefusedAndLeftAlone() throws {
        let bytes = Data("this is somebody's notes, not a database\n".utf8)
        XCTAssertTrue(FileManager.default.createFile(atPath: db, contents: bytes))
        for arguments in [["drill", "run", "crash-restart", "--db", db], ["drill", "history", "--db", db]] {
            let result = try CLI.run(arguments)
            XCTAssertEqual(result.status, 2)
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
            XCTAssertTrue(result.stderr.contains("not an SQLite database"), result.stderr)
            XCTAssertEqual(FileManager.default.contents(atPath: db), bytes, "never overwritten")
        }
    }

    func testAnUnwritableLocationIsReportedAndTheDrillStillRuns() throws {
        let blocker = directory.appendingPathComponent("file")
        XCTAssertTrue(FileManager.default.createFile(atPath: blocker.path, contents: Data()))
        let result = try CLI.run(["drill", "run", "crash-restart", "--db", blocker.path + "/sub/aureon.sqlite", "--json"])
        XCTAssertEqual(result.status, 1, "the drill ran and was graded (doing nothing fails)")
        XCTAssertTrue(result.stderr.contains("cannot save attempts"), result.stderr)
        XCTAssertEqual(try CLI.summary(result)["drill"] as? String, "crash-restart")
    }

    func testBadDrillFilesAreOneLineWithFileLineAndKey() throws {
        let cases: [(String, String)] = [
            ("name: x\nlevel: guru\nruns: [{ items: 10 }]\nobjectives: [{ invariants_hold: true }]\n", ":2: level: must be beginner"),
            ("name: x\nruns: [{ items: 10 }]\nobjectives:\n  - { respond: { node: node-99, with: kill, within: 1m } }\n",
             ":4: respond.node: unknown node 'node-99'"),
            ("name: x\nruns: [{ items: 10 }]\ninjects:\n  - { name: a, kill: node-01 }\nobjectives: [{ invariants_hold: true }]\n",
             ":4: injects: an inject needs at:"),
            ("name: x\nruns: [{ items: 10 }]\nobjectives: [{ invariants_hold: true, max_redeliveries: 2 }]\n", ":3: objectives: an objective has one kind"),
            ("name: x\nruns: [{ items: 10 }]\nobjectives: [{ invariants_hold: true, points: 5 }]\npass_mark: 50\n", "pass_mark: 50 is more than"),
            ("name: x\nrunz: []\n", ":2: drill: unknown key 'runz'"),
        ]
        for (text, expected) in cases {
            let file = directory.appendingPathComponent("bad.yaml")
            try text.write(to: file, atomically: true, encoding: .utf8)
            let result = try CLI.run(["drill", "run", file.path, "--db", db])
            XCTAssertEqual(result.status, 2, text)
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
            XCTAssertTrue(result.stderr.contains(file.path + expected) || result.stderr.contains(expected), "\(expected) in \(result.stderr)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: db), "bad input applies nothing, not even the database")
    }
}
