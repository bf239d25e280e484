import AureonCluster
import AureonEngine
import AureonScenario
import AureonTUI
import Testing
@testable import AureonConsole

/// Time travel in the console: `:goto`, steps and notable-event jumps, the status bar in the
/// past, resuming along the recorded future, forking by acting in the past, the branch list,
/// the compare view and the timeline scrubber.
@Suite("Console time travel")
struct ConsoleTimeTravelTests {
    private func seconds(_ value: Int64) -> VirtualTime { .zero + .seconds(value) }

    @Test func gotoShowsThePastAsItWasAndTheStatusBarSaysSo() throws {
        let app = try makeConsole()
        run(app, seconds: 60)
        #expect(app.simulation.now == seconds(90))
        command(app, "goto 00:00:45")
        #expect(app.simulation.now == seconds(45))
        #expect(app.machine?.isInPast == true)
        let status = app.frame(width: 120, height: 40).text().split(separator: "\n")[0]
        #expect(status.contains("⏪ 00:00:45 of 00:01:30 · branch main"))
        // Every pane reads the state as it was: the same history as a console that stopped there.
        let fresh = try makeConsole()
        run(fresh, seconds: 15)
        #expect(app.simulation.traceHash == fresh.simulation.traceHash)
        #expect(app.feed.eventsPerNode == fresh.feed.eventsPerNode)
        #expect(app.feed.timeline.workLost == fresh.feed.timeline.workLost)
        #expect(app.frame(width: 120, height: 40).text().split(separator: "\n").dropFirst(2).prefix(15)
                == fresh.frame(width: 120, height: 40).text().split(separator: "\n").dropFirst(2).prefix(15))
    }

    @Test func theStatusBarHasAnASCIIFormInThePast() throws {
        let app = try makeConsole(glyphs: .ascii)
        run(app, seconds: 20)
        command(app, "goto 40s")
        #expect(app.frame(width: 120, height: 40).text().split(separator: "\n")[0].contains("<< 00:00:40 of 00:00:50 - branch main"))
    }

    @Test func gotoRefusesBadTimesInOneLineAndStaysPut() throws {
        let app = try makeConsole()
        run(app, seconds: 10)
        command(app, "goto banana")
        #expect(app.notice?.level == .error)
        #expect(app.notice?.text.contains("goto takes one time such as 00:02:30") == true)
        command(app, "goto 00:09:00")
        #expect(app.notice?.text.contains("is after the present of main (00:00:40)") == true)
        #expect(app.simulation.now == seconds(40))
        #expect(app.machine?.isInPast == false)
    }

    @Test func momentsReadClockAndDurationForms() {
        #expect(ConsoleCommandLine.moment("00:02:30") == seconds(150))
        #expect(ConsoleCommandLine.moment("2:30") == seconds(150))
        #expect(ConsoleCommandLine.moment("2m30s") == seconds(150))
        #expect(ConsoleCommandLine.moment("00:00:01.5") == .zero + .milliseconds(1_500))
        #expect(ConsoleCommandLine.moment("00:61:00") == nil)
        #expect(ConsoleCommandLine.moment("1:2:3:4") == nil)
        #expect(ConsoleCommandLine.moment("2:-1") == nil)
        #expect(ConsoleCommandLine.moment(":30") == nil)
    }

    @Test func stepKeysJumpBackAndForwardAlongTheBranch() throws {
        let app = try makeConsole()
        run(app, seconds: 30)
        press(app, "<<")
        #expect(app.simulation.now == seconds(40))
        press(app, ">")
        #expect(app.simulation.now == seconds(50))
        press(app, ">")
        #expect(app.simulation.now == seconds(60))
        #expect(app.machine?.isInPast == false)
        press(app, ">")
        #expect(app.notice?.text == "already at the present")
    }

    @Test func notableEventKeysJumpToKillsAndExpiries() throws {
        let app = try makeConsole()
        run(app, seconds: 10)
        command(app, "kill node-02")
        press(app, "y")
        run(app, seconds: 50)
        let notable = app.feed.notable.times
        #expect(notable.contains(seconds(40)))
        command(app, "goto 00:00:35")
        press(app, "}")
        #expect(app.simulation.now == notable.first { $0 > seconds(35) })
        #expect(app.simulation.nodes[1].isKilled)
        press(app, "}")
        #expect(app.simulation.now == notable.first { $0 > seconds(40) })
        command(app, "goto 00:01:30")
        press(app, "{")
        #expect(app.simulation.now == notable.last { $0 < seconds(90) })
    }

    @Test func resumingPlaysTheRecordedFutureWithoutNewWork() throws {
        let app = try makeConsole()
        app.workload = DefaultWorkload()
        run(app, seconds: 10)
        command(app, "drain node-03")
        run(app, seconds: 30)
        let recorded = app.simulation.traceHash
        let actions = app.simulation.performedActions.count
        command(app, "goto 00:00:35")
        #expect(app.simulation.displayedHealth(of: 2) != .draining)
        run(app, seconds: 35)
        #expect(app.simulation.displayedHealth(of: 2) == .draining)
        #expect(app.simulation.now == seconds(70))
        #expect(app.simulation.traceHash == recorded)
        #expect(app.simulation.performedActions.count == actions)
        #expect(app.machine?.tree.branches.count == 1)
    }

    @Test func actingInThePastForksAndTheOldFutureStaysItsOwnBranch() throws {
        let app = try makeConsole()
        run(app, seconds: 30)
        let mainHash = app.simulation.traceHash.hexDigest
        command(app, "goto 00:00:45")
        command(app, "drain node-03")
        let machine = try #require(app.machine)
        #expect(machine.currentBranch == "branch-2")
        #expect(machine.isInPast == false)
        #expect(app.notice?.text.contains("forked branch-2 from main at 00:00:45") == true)
        #expect(machine.tree.branch(named: "main")?.end.time == seconds(60))
        #expect(machine.tree.branch(named: "branch-2")?.fork.time == seconds(45))
        run(app, seconds: 5)
        // Back to main through the branch list: its present, undrained.
        press(app, "B")
        guard case .branches(let selected) = app.overlay else { Issue.record("no branch list"); return }
        #expect(selected == 1)
        app.handle(.key(.up))
        app.handle(.key(.enter))
        #expect(machine.currentBranch == "main")
        #expect(app.simulation.now == seconds(60))
        #expect(app.simulation.traceHash.hexDigest == mainHash)
        #expect(app.simulation.displayedHealth(of: 2) != .draining)
        #expect(app.frame(width: 120, height: 40).text().split(separator: "\n")[0].contains("branch main"))
    }

    @Test func theBranchListAndTheCompareViewShowBothBranches() throws {
        let app = try makeConsole()
        run(app, seconds: 30)
        command(app, "goto 00:00:45")
        command(app, "kill node-03")
        press(app, "y")
        run(app, seconds: 30)
        press(app, "B")
        let list = app.frame(width: 120, height: 40).text()
        #expect(list.contains("main        00:00:30  -"))
        #expect(list.contains("branch-2    00:00:45  main"))
        app.handle(.key(.up))
        press(app, "c")
        guard case let .compare(current, other) = app.overlay else { Issue.record("no compare view"); return }
        #expect(current == "branch-2" && other == "main")
        let screen = app.frame(width: 120, height: 40).text()
        #expect(screen.contains("Compare branch-2 with main"))
        for label in ["committed", "redeliveries", "work-seconds lost", "dead-lettered", "stale writes", "completion time"] {
            #expect(screen.contains(label))
        }
        let kill = try #require(app.simulation.performedActions.last { $0.action == .kill(NodeID(2)) })
        #expect(screen.contains("first divergence: 00:00:45.000 after \(kill.afterEvents) events: branch-2 kill node-03, main nothing"))
    }

    @Test func comparisonFiguresComeFromEachBranch() throws {
        let app = try makeConsole()
        run(app, seconds: 30)
        command(app, "goto 00:00:45")
        command(app, "kill node-03")
        press(app, "y")
        run(app, seconds: 30)
        let machine = try #require(app.machine)
        let main = try #require(machine.tree.branch(named: "main")), fork = try #require(machine.tree.branch(named: "branch-2"))
        let comparison = BranchComparison(fork, main, workLost: app.workLost(on:), naming: app.simulation.naming)
        let committed = try #require(comparison.rows.first { $0.label == "committed" })
        #expect(committed.left == "\(fork.outcome.committed)/\(fork.outcome.shardsScheduled)")
        #expect(committed.right == "\(main.outcome.committed)/\(main.outcome.shardsScheduled)")
        #expect(comparison.rows.first { $0.label == "work-seconds lost" }?.left == DurationFormat.compact(app.feed.timeline.workLost))
        #expect(comparison.rows.first { $0.label == "work-seconds lost" }?.right != "not seen at its present")
    }

    @Test func theScrubberMovesACursorAndEnterJumpsThere() throws {
        let app = try makeConsole()
        run(app, seconds: 60)
        press(app, "v")
        press(app, "hhhh")
        let cursor = try #require(app.scrubCursor)
        #expect(cursor == seconds(90) - app.timelineWindow / 40 * 4)
        #expect(app.frame(width: 120, height: 40).text().contains("scrubber \(ConsoleApp.clock(cursor))"))
        app.handle(.key(.enter))
        #expect(app.scrubCursor == nil)
        #expect(app.simulation.now == cursor)
        #expect(app.machine?.isInPast == true)
    }

    @Test func timeTravelKeysAreRemappable() throws {
        let keymap = try ConsoleAction.defaultKeymap().rebinding("jump_back", to: [Key(name: "ctrl-b")!])
        let app = try makeConsole(keymap: keymap)
        run(app, seconds: 20)
        app.handle(.key(Key.control("b")!))
        #expect(app.simulation.now == seconds(40))
    }

    @Test func causalityRunsAFewVariantsPerFrameAndDrawsOverTheTimeline() throws {
        let app = try makeConsole()
        run(app, seconds: 10)
        command(app, "kill node-02")
        press(app, "y")
        run(app, seconds: 40)
        command(app, "explore leases_expired > 0")
        let causality = try #require(app.causality)
        #expect(app.showsTimeline)
        app.tick(wallElapsed: .milliseconds(10))
        #expect(causality.itemsDone == ConsoleCausality.itemsPerFrame)
        #expect(app.frame(width: 120, height: 40).text().contains("causality "))
        for _ in 0..<causality.analysis.itemCount where !causality.isFinished { app.tick(wallElapsed: .milliseconds(10)) }
        let report = try #require(causality.report)
        let happened = try #require(report.outcomeFirstAt)
        #expect(happened > seconds(40))
        for point in report.points where point.time >= happened { #expect(point.probability == 1) }
        #expect(try #require(report.inevitableAt) <= happened)
        let screen = app.frame(width: 120, height: 40).text()
        #expect(screen.contains("P(outcome)"))
        #expect(screen.contains("inevitable from"))
    }

    @Test func escapeCancelsACausalityAnalysis() throws {
        let app = try makeConsole()
        run(app, seconds: 10)
        press(app, "A")
        guard case .command(let field, _) = app.overlay else { Issue.record("A opens no command line"); return }
        #expect(field.text == "explore dead_lettered > 0")
        app.handle(.key(.enter))
        #expect(app.causality != nil)
        app.tick(wallElapsed: .milliseconds(10))
        app.handle(.key(.escape))
        #expect(app.causality == nil)
        #expect(app.notice?.text == "causality analysis cancelled")
        command(app, "explore nonsense > 1")
        #expect(app.notice?.level == .error)
    }
}
