import AureonCluster
import AureonEngine
import AureonScenario
import AureonTUI
import Foundation
import Testing
@testable import AureonConsole

/// The k9s-style interaction (command line, regex filter, sort, marks), dialogs that tell the
/// truth, replay mode, presenter mode, honest counts and the default workload.
@Suite("Console interaction")
struct ConsoleInteractionTests {
    // MARK: command line

    @Test func commandLineDrainsANodeByName() throws {
        let app = try makeConsole()
        command(app, "drain node-03")
        #expect(app.simulation.performedActions.last?.action == .drain(NodeID(2)))
        #expect(app.simulation.displayedHealth(of: 2) == .draining)
    }

    @Test func commandLineKillTakesAPatternAndOneConfirmationForAll() throws {
        let app = try makeConsole()
        command(app, "kill node-0[1-3]")
        guard case let .confirm(preview, choice) = app.overlay else {
            Issue.record("no confirmation for the kill")
            return
        }
        #expect(choice == .no)
        #expect(preview.actions == [.kill(NodeID(0)), .kill(NodeID(1)), .kill(NodeID(2))])
        #expect(app.frame(width: 120, height: 40).text().contains("Kill 3 nodes (node-01, node-02, node-03)"))
        press(app, "y")
        #expect((0...2).allSatisfy { app.simulation.nodes[$0].isKilled })
        #expect(!app.simulation.nodes[3].isKilled)
    }

    @Test func commandLineSpeedThemeScheduleAndQuit() throws {
        let app = try makeConsole()
        command(app, "speed 50")
        #expect(app.pacer.speed == 50)
        command(app, "schedule items=5000 shard_size=50")
        let scheduled = try #require(app.simulation.runs.last)
        #expect(scheduled.spec.id == RunID("rqml-run-002") && scheduled.spec.items == 5_000 && scheduled.spec.shardSize == 50)
        command(app, "theme nonesuch")
        #expect(app.notice?.level == .error)
        command(app, "q")
        #expect(app.shouldQuit)
    }

    @Test func commandLineRefusesWithTheScenarioVocabularysMessages() throws {
        let app = try makeConsole()
        command(app, "slow node-02")
        #expect(app.notice?.level == .error)
        #expect(app.notice?.text.contains("slow: needs 'factor:'") == true, "\(app.notice?.text ?? "")")
        command(app, "drain node-99")
        #expect(app.notice?.text.contains("no node matches 'node-99'") == true)
        command(app, "explode node-01")
        #expect(app.notice?.text.contains("unknown command 'explode'") == true)
        command(app, "slow node-02 factor=4 for=30s")
        #expect(app.simulation.performedActions.last?.action == .slow(NodeID(1), factor: 4, duration: .seconds(30)))
    }

    @Test func commandLineCompletesVerbsAndNodesAndKeepsHistory() throws {
        let app = try makeConsole()
        press(app, ":dr\t")
        guard case let .command(field, _) = app.overlay else {
            Issue.record("no command line")
            return
        }
        #expect(field.text == "drain ")
        press(app, "node-1\t")
        guard case let .command(partial, _) = app.overlay else { return }
        #expect(partial.text == "drain node-1", "node-1 and node-10…16 share only the prefix")
        press(app, "6\r")
        #expect(app.simulation.displayedHealth(of: 15) == .draining)
        app.handle(.key(.character(":")))
        app.handle(.key(.up))
        guard case let .command(recalled, _) = app.overlay else { return }
        #expect(recalled.text == "drain node-16")
    }

    // MARK: filter, sort, marks

    @Test func regexFilterWithInverseShowsMatchedOverTotal() throws {
        let app = try makeConsole()
        press(app, "/node-0[1-3]$\r")
        var text = app.frame(width: 120, height: 40).text()
        #expect(text.contains("Nodes 3/16 matching \"node-0[1-3]$\""))
        #expect(text.contains("│▸node-01") && text.contains("│ node-03") && !text.contains("│ node-04"), "\(text)")
        app.handle(.key(.escape))
        press(app, "/!node-0[1-3]$\r")
        text = app.frame(width: 120, height: 40).text()
        #expect(text.contains("Nodes 13/16 matching \"!node-0[1-3]$\""))
        // While typing, "!node-0" left node-10 first; the selection stays on that node.
        #expect(!text.contains("│ node-02 ") && text.contains("│ node-04") && text.contains("│▸node-10"), "\(text)")
    }

    @Test func sortCyclesColumnsReversesAndMarksTheHeader() throws {
        let app = try makeConsole()
        press(app, "o")  // health
        press(app, "o")  // slots
        press(app, "o")  // leases
        press(app, "o")  // heartbeat
        press(app, "o")  // done
        #expect(app.nodeSort.key == .done)
        press(app, "O")
        let lines = app.frame(width: 120, height: 40).lines
        #expect(lines[3].contains("DONE↓"))
        let done = lines[4...19].compactMap { line -> Int? in
            guard line.hasPrefix("│▸node") || line.hasPrefix("│ node") else { return nil }
            return Int(line.split(separator: "│")[0].split(separator: " ").last ?? "")
        }
        #expect(done.count == 16)
        #expect(done == done.sorted(by: >), "rows in descending DONE order: \(done)")
    }

    @Test func markThreeAndDrainThemWithOnePreview() throws {
        let app = try makeConsole()
        press(app, "mmm")  // marks node-01..03, moving down each time
        #expect(app.marks == [0, 1, 2])
        #expect(app.frame(width: 120, height: 40).text().contains("3 marked"))
        press(app, "d")
        guard case let .confirm(preview, _) = app.overlay else {
            Issue.record("no bulk confirmation")
            return
        }
        #expect(preview.actions == [.drain(NodeID(0)), .drain(NodeID(1)), .drain(NodeID(2))])
        #expect(app.frame(width: 120, height: 40).text().contains("drain 3 marked nodes"))
        press(app, "y")
        #expect((0...2).allSatisfy { app.simulation.displayedHealth(of: $0) == .draining })
        #expect(app.simulation.displayedHealth(of: 3) == .healthy)
        #expect(app.marks.isEmpty)
    }

    @Test func unboundKeySaysSoAndF1HelpsAndF10Quits() throws {
        let app = try makeConsole()
        press(app, "Q")
        #expect(app.notice?.text == "unbound key Q — ? for help")
        app.handle(.key(.function(1)))
        guard case .help = app.overlay else {
            Issue.record("F1 did not open help")
            return
        }
        app.handle(.key(.escape))
        app.handle(.key(.function(10)))
        #expect(app.shouldQuit)
    }

    // MARK: dialogs that tell the truth

    /// The dialog holds the simulation still, so the leases it lists are exactly those that
    /// expire once the kill is confirmed — however long the operator took to decide.
    @Test func killDialogLeasesShownAreTheLeasesThatExpire() throws {
        let app = try makeConsole()
        app.pacer.isPaused = false
        press(app, "x")
        guard case let .confirm(preview, _) = app.overlay else {
            Issue.record("no kill dialog")
            return
        }
        let before = app.simulation.now
        for _ in 0..<50 { app.tick(wallElapsed: .milliseconds(100)) }  // five virtual seconds of hesitation
        #expect(app.simulation.now == before, "the simulation waits while the dialog is open")
        guard case let .confirm(shown, _) = app.overlay else { return }
        #expect(shown.lines == preview.lines)
        let killedAt = app.simulation.now
        press(app, "y")
        for _ in 0..<400 { app.tick(wallElapsed: .milliseconds(100)) }
        let expired = app.simulation.events.recent.filter { $0.kind == .leaseExpired && $0.time >= killedAt && $0.node == NodeID(0) }
        #expect(!preview.leases.isEmpty)
        #expect(Set(expired.compactMap(\.task)) == Set(preview.leases.map(\.task)))
    }

    // MARK: replay, status bar

    @Test func replayShowsTheBadgeHidesActionHintsAndOpensNoDialog() throws {
        let app = try makeConsole()
        run(app, seconds: 5)
        let recording = Recording(scenarioName: "console", simulation: app.simulation)
        let feed = ConsoleEventFeed(nodeCount: recording.configuration.nodeCount)
        let replay = ConsoleApp(replaying: try RecordingPlayer(recording: recording, eventSink: feed.sink()), feed: feed,
                                settings: ConsoleSettings(startsPaused: true))
        var lines = replay.frame(width: 120, height: 40).lines
        #expect(lines[0].contains(" REPLAY "))
        #expect(!lines[39].contains("drain") && !lines[39].contains("kill") && lines[39].trimmingTrailingSpaces().hasSuffix("? help  q quit"))
        for key in "xsd" {
            replay.handle(.key(.character(key)))
            guard case .none = replay.overlay else {
                Issue.record("\(key) opened a dialog in replay")
                return
            }
            #expect(replay.notice?.text.hasPrefix("replay: operator actions are off") == true)
        }
        lines = replay.frame(width: 120, height: 40).lines
        #expect(lines[38].contains("replay: operator actions are off"))
    }

    @Test func noColorNamesNoThemeAndTheStatusBarHasOneBackgroundInEveryTheme() throws {
        let catalog = ThemeCatalog(directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("themes").path)
        for name in catalog.themeNames {
            let app = try makeConsole()
            app.settings.theme = try catalog.resolve(name)
            app.settings.themeName = name
            let buffer = app.frame(width: 120, height: 40)
            let background = app.settings.theme.style(.statusBar).background
            for y in 0..<2 {
                for x in 0..<120 {
                    #expect(buffer[x, y].style.background == background, "\(name): cell \(x),\(y) off the bar's background")
                }
            }
        }
        let app = try makeConsole()
        app.settings.colorsDisabled = true
        #expect(app.frame(width: 120, height: 40).lines[1].hasSuffix("theme: none (NO_COLOR) "))
    }

    @Test func nodeDetailCountsItsOwnEvents() throws {
        let app = try makeConsole()
        press(app, "\r")
        let own = app.feed.eventsPerNode[0]
        #expect(own < Int(app.simulation.events.totalCount))
        #expect(app.frame(width: 120, height: 40).text().contains("Events of node-01 (\(own))"))
    }

    // MARK: presenter, default workload

    @Test func presenterHoldsEachCaptionUntilAKey() throws {
        var configuration = ClusterConfiguration()
        configuration.nodeCount = 4
        let feed = ConsoleEventFeed(nodeCount: 4)
        let simulation = try ClusterSimulation(configuration: configuration, eventSink: feed.sink())
        try simulation.perform(.schedule(RunSpec(id: RunID("r"), items: 400, shardSize: 10, work: .seconds(1)...(.seconds(3)))))
        simulation.schedule(.say("first"), at: .zero + .seconds(2))
        simulation.schedule(.say("second"), at: .zero + .seconds(4))
        let app = ConsoleApp(simulation: simulation, feed: feed,
                             settings: ConsoleSettings(presenter: PresenterSettings(name: "tour", captionCount: 2, dwell: nil)))
        for _ in 0..<30 { app.tick(wallElapsed: .milliseconds(100)) }
        let held = app.simulation.now
        #expect(held < .zero + .seconds(4), "held at the first caption")
        #expect(app.frame(width: 120, height: 40).text().contains("tour 1/2"))
        #expect(!app.isAnimating, "a held caption costs no frames")
        for _ in 0..<30 { app.tick(wallElapsed: .milliseconds(100)) }
        #expect(app.simulation.now == held, "still held without a key")
        app.handle(.key(.character(" ")))
        for _ in 0..<30 { app.tick(wallElapsed: .milliseconds(100)) }
        let text = app.frame(width: 120, height: 40).text()
        #expect(text.contains("tour 2/2") && text.contains("first") && text.contains("second"))
    }

    @Test func theDefaultClusterStillCommitsAfterTenVirtualMinutes() throws {
        var configuration = ClusterConfiguration()
        configuration.nodeCount = ConsoleDefaults.nodeCount
        configuration.concurrency = ConsoleDefaults.concurrency
        let feed = ConsoleEventFeed(nodeCount: configuration.nodeCount)
        let simulation = try ClusterSimulation(configuration: ConsoleDefaults.configuration(from: configuration), eventSink: feed.sink())
        try simulation.perform(.schedule(ConsoleDefaults.firstRun()))
        let app = ConsoleApp(simulation: simulation, feed: feed, settings: ConsoleSettings(speed: 100), keepsDefaultWorkloadFlowing: true)
        // ×100: each 100 ms tick is ten virtual seconds; sample commits every virtual minute.
        var commitsPerMinute: [Int] = []
        var last = simulation.counters.commits
        for tick in 1...72 {
            app.tick(wallElapsed: .milliseconds(100))
            if tick % 6 == 0 {
                commitsPerMinute.append(simulation.counters.commits - last)
                last = simulation.counters.commits
            }
        }
        #expect(simulation.now >= .zero + .minutes(12))
        #expect(commitsPerMinute.allSatisfy { $0 > 0 }, "a commit in every virtual minute: \(commitsPerMinute)")
        #expect(simulation.runs.count >= 3)
    }
}
