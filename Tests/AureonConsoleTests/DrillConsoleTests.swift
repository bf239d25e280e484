import AureonCluster
import AureonEngine
import AureonTraining
import AureonTUI
@testable import AureonConsole
import XCTest

/// The drill's screens, driven by keys and explicit wall time: briefing, live panel, hint, debrief.
final class DrillConsoleTests: XCTestCase {
    private func makeDrillConsole(instructor: Bool = false) throws -> DrillConsole {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("demo/drills/crash-restart.yaml").path
        let drill = try DrillParser.load(path: path)
        let feed = ConsoleEventFeed(nodeCount: drill.scenario.configuration.nodeCount)
        let session = try DrillSession(drill: drill, trainee: "t", eventSink: feed.sink())
        return DrillConsole(session: session, feed: feed, settings: ConsoleSettings(speed: 10), instructor: instructor) { verdict in
            ["kept: \(verdict.score)"]
        }
    }

    private func advance(_ console: DrillConsole, virtualSeconds: Int) {
        // ×10 and at most 250 ms of wall time per frame: 2.5 virtual seconds a tick.
        for _ in 0..<(virtualSeconds * 10 / 25) { console.tick(wallElapsed: .milliseconds(250)) }
    }

    func testBriefingThenLivePanelThenHintThenDebrief() throws {
        let console = try makeDrillConsole()
        var screen = console.frame(width: 120, height: 40).text()
        XCTAssertTrue(screen.contains("DRILL · Crash and restart"), screen)
        XCTAssertTrue(screen.contains("node-03 restarted within 90s of its crash [required, 50 pts]"))
        XCTAssertFalse(screen.contains("crash, at"), "injects are hidden from the trainee")
        console.tick(wallElapsed: .milliseconds(250))
        XCTAssertEqual(console.session.simulation.now, .zero, "time stands still during the briefing")

        console.handle(.key(.enter))
        advance(console, virtualSeconds: 30)
        console.handle(.key(.character("h")))
        screen = console.frame(width: 120, height: 40).text()
        XCTAssertTrue(screen.contains("hint: A killed node shows"), screen)
        XCTAssertEqual(console.session.tracker.hintsUsed, [0])

        advance(console, virtualSeconds: 35)
        screen = console.frame(width: 120, height: 40).text()
        XCTAssertEqual(console.phase, .live)
        XCTAssertTrue(screen.contains("DRILL crash-restart"), screen)
        XCTAssertTrue(screen.contains("… node-03 restarted within 90s of its crash"), screen)
        XCTAssertTrue(console.session.simulation.nodes[2].isKilled, "the inject went off")
        XCTAssertTrue(screen.contains("PAGE: node-03 stopped heartbeating"), screen)

        console.handle(.key(.character("j")))
        console.handle(.key(.character("j")))
        console.handle(.key(.character("R")))
        advance(console, virtualSeconds: 5)
        screen = console.frame(width: 120, height: 40).text()
        XCTAssertTrue(screen.contains("✓ node-03 restarted within 90s of its crash"), screen)

        console.handle(.key(.character("q")))
        XCTAssertEqual(console.phase, .debrief)
        screen = console.frame(width: 120, height: 40).text()
        XCTAssertTrue(screen.contains("DEBRIEF · Crash and restart"), screen)
        XCTAssertTrue(screen.contains("NOT PASSED"), "ended before the run could complete")
        XCTAssertTrue(screen.contains("you: restart node-03"))
        XCTAssertTrue(screen.contains("kept: "), "the command's report is shown")
        XCTAssertFalse(console.shouldQuit)
        console.handle(.key(.character("q")))
        XCTAssertTrue(console.shouldQuit)
    }

    func testTheInstructorSeesAndFiresTheHiddenInject() throws {
        let console = try makeDrillConsole(instructor: true)
        XCTAssertTrue(console.frame(width: 120, height: 40).text().contains("crash: at 1m"))
        console.handle(.key(.enter))
        advance(console, virtualSeconds: 10)
        console.handle(.key(.character("i")))
        XCTAssertTrue(console.session.simulation.nodes[2].isKilled, "fired early")
        console.handle(.key(.character("q")))
        XCTAssertEqual(console.session.verdict?.instructorAssisted, true)
    }
}
