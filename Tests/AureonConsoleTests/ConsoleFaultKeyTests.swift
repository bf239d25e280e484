import AureonCluster
import AureonEngine
import AureonScenario
import AureonTUI
import Testing
@testable import AureonConsole

/// Issue 4 in the console: fault keys, the fault panel, the timeline view, replays.
@Suite("Console faults and timeline")
struct ConsoleFaultKeyTests {
    @Test func faultKeysToggleFaultsOnTheSelectedNodeAndTheFaultPanelListsThem() throws {
        let app = try makeConsole()
        press(app, "jpwf")
        let node = app.simulation.nodes[1]
        #expect(node.faults.isPartitioned && node.faults.slowFactor == 4 && node.faults.failureProbability == 0.5)
        press(app, "c")
        #expect(app.simulation.chaosFaultsPerMinute == 2)
        let screen = app.frame(width: 120, height: 40).text()
        #expect(screen.contains("Faults (4)"))
        #expect(screen.contains("partition") && screen.contains("node-02") && screen.contains("until cleared"))
        press(app, "pwfc")
        #expect(app.simulation.nodes[1].faults.isNone)
        #expect(app.simulation.chaosFaultsPerMinute == 0)
        #expect(!app.frame(width: 120, height: 40).text().contains("Faults ("), "the panel goes when the faults do")
        let keywords = app.simulation.performedActions.suffix(8).map(\.action.keyword)
        #expect(keywords == ["partition", "slow", "flaky", "chaos", "heal", "slow", "flaky", "chaos"])
    }

    /// Without self-fencing a cut-off node works on past its lease; its late write is rejected.
    @Test func timelineViewShowsAZombieLaneAndItsRejectedWrite() throws {
        let app = try makeConsole(glyphs: .ascii, selfFencing: false)
        press(app, "p")  // node-01 cut off mid-work
        run(app, seconds: 40)
        press(app, "p")  // healed: its late writes meet the fencing tokens
        run(app, seconds: 20)
        press(app, "v")
        let lines = app.frame(width: 120, height: 40).lines
        #expect(lines.contains { $0.contains("Timeline") && $0.contains("16 lanes") })
        let zombie = try #require(lines.first { $0.hasPrefix("|node-01") })
        // Self-fencing is on by default: the cut-off node gives its leases up ("!"); a write that
        // still reaches the queue late is rejected ("x").
        #expect(zombie.contains("!") || zombie.contains("x"), "the zombie's abandoned or rejected work shows on node-01's lane: \(zombie)")
        #expect(lines.contains { $0.hasPrefix("|node-02") && $0.contains("#") })
        #expect(lines.contains { $0.contains("# committed") && $0.contains("x rejected") })
        press(app, "v")
        #expect(app.frame(width: 120, height: 40).text().contains("Nodes (16)"))
    }

    @Test func replayPlaysTheRecordingAndRefusesOperatorActions() throws {
        let app = try makeConsole()
        press(app, "jd")
        run(app, seconds: 10)
        press(app, "jjx")
        press(app, "y")
        run(app, seconds: 30)
        let recording = Recording(scenarioName: "console", simulation: app.simulation)
        let feed = ConsoleEventFeed(nodeCount: recording.configuration.nodeCount)
        let player = try RecordingPlayer(recording: recording, eventSink: feed.sink())
        let replay = ConsoleApp(replaying: player, feed: feed, settings: ConsoleSettings(glyphs: .unicode, startsPaused: false))
        replay.handle(.key(Key(normalizing: "d")))
        #expect(replay.frame(width: 120, height: 40).text().contains("replay: operator actions are off"))
        var ticks = 0
        while !player.isFinished, ticks < 10_000 {
            replay.tick(wallElapsed: .milliseconds(100))
            ticks += 1
        }
        #expect(player.isFinished)
        #expect(replay.simulation.traceHash == app.simulation.traceHash)
        let finished = replay.frame(width: 120, height: 40).text()
        #expect(finished.contains("matches the recording"))
        #expect(!finished.contains("behind"), "the end of a recording is not lag")
    }
}

@Suite("Runs pane iterations")
struct RunsPaneIterationTests {
    @Test func showsABarPerIterationFinishedOnesFull() throws {
        let app = try makeConsole(glyphs: .ascii)
        // Play until the default three-iteration run is in its second iteration.
        app.pacer.isPaused = false
        var ticks = 0
        while app.simulation.runs[0].iteration < 2 || app.simulation.runs[0].fraction < 0.2, ticks < 5_000 {
            app.tick(wallElapsed: .milliseconds(100))
            ticks += 1
        }
        app.pacer.isPaused = true
        let lines = app.frame(width: 120, height: 40).lines
        let header = try #require(lines.firstIndex { $0.contains("rqml-run-001") && $0.contains("iter 2/3") })
        let bars = lines[header + 1].split(separator: "|").dropFirst().first.map(String.init) ?? ""
        let segments = bars.split(separator: " ").prefix(3).map(String.init)
        #expect(segments.count == 3, "\(bars)")
        #expect(segments[0].allSatisfy { $0 == "#" }, "iteration 1 is done: \(bars)")
        #expect(segments[1].contains("#") && segments[1].contains("."), "iteration 2 is filling: \(bars)")
        #expect(segments[2].allSatisfy { $0 == "." }, "iteration 3 has not started: \(bars)")
    }
}
