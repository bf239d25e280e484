import AureonCluster
import AureonConsole
import AureonEngine
import AureonScenario
import AureonTUI
import Foundation
import Testing

/// Time travel in the real console, in tmux: `:goto` shows the past as a run stopped there
/// would, acting in the past forks a branch that `B` switches away from and back to, and the
/// compare view sets two branches side by side.
@Suite(.serialized) struct ConsoleTimeTravelEndToEndTests {
    static let scenario = "demo/node-crash.yaml"

    /// The nodes table's rows (selection marker and pane border included), from a screen.
    private func nodeRows(_ screen: String) -> [String] {
        screen.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("│ node-") || line.hasPrefix("│▸node-") else { return nil }
            // Up to the nodes pane's right border: the panes beside it are not compared.
            let body = line.dropFirst()
            return body.firstIndex(of: "│").map { String(body[..<$0]) } ?? String(body)
        }
    }

    private func statusLine(_ screen: String) -> String {
        screen.split(separator: "\n").first.map(String.init) ?? ""
    }

    @Test func gotoShowsTheNodesTableOfARunStoppedAtThatMoment() throws {
        let tmux = try TmuxSession(["console", "--scenario", Self.scenario, "--speed", "50"])
        defer { tmux.close() }
        let later = try tmux.waitFor("node-03 restarted", timeout: .seconds(30)) { $0.contains("t 00:02:3") || $0.contains("t 00:02:4") }
        #expect(later.ok, "\(later.screen)")
        try tmux.send(":")
        try tmux.type("goto 00:01:00")
        try tmux.send("Enter")
        let past = try tmux.waitFor("the past") { self.statusLine($0).contains("⏪ 00:01:00 of 00:02:") && $0.contains("· branch main") }
        #expect(past.ok, "\(past.screen)")

        // The same scenario, headless, stopped at one minute, drawn at the same size.
        let scenario = try ScenarioParser.load(path: CLI.repositoryRoot.appendingPathComponent(Self.scenario).path)
        let feed = ConsoleEventFeed(nodeCount: scenario.configuration.nodeCount)
        let simulation = try scenario.makeSimulation(eventSink: feed.sink())
        simulation.advance(to: .zero + .seconds(60))
        let app = ConsoleApp(simulation: simulation, feed: feed, settings: ConsoleSettings(startsPaused: true))
        let headless = app.frame(width: 120, height: 40).text()
        #expect(nodeRows(headless).count == 12)
        #expect(nodeRows(past.screen) == nodeRows(headless), "\(past.screen)\n---\n\(headless)")
        #expect(nodeRows(past.screen).contains { $0.hasPrefix(" node-03  ✕ killed") })
    }

    @Test func forkingABranchAndSwitchingBack() throws {
        let tmux = try TmuxSession(["console", "--seed", "7", "--speed", "50"])
        defer { tmux.close() }
        #expect(try tmux.waitFor("a minute in", timeout: .seconds(30)) { $0.contains("t 00:01:") }.ok)
        try tmux.send(":")
        try tmux.type("goto 00:00:30")
        try tmux.send("Enter")
        #expect(try tmux.waitFor("the past") { self.statusLine($0).contains("⏪ 00:00:30 of 00:01:") }.ok)
        try tmux.send("j", "j", "d")
        let forked = try tmux.waitFor("forked") { screen in
            screen.contains("forked branch-2 from main at 00:00:30") && self.statusLine(screen).contains("· branch branch-2")
                && screen.contains("│▸node-03  ◐ draining")
        }
        #expect(forked.ok, "\(forked.screen)")
        #expect(!statusLine(forked.screen).contains("⏪"))
        try tmux.send("B")
        let list = try tmux.waitFor("branch list") { $0.contains("Branches") && $0.contains("main        00:00:00") && $0.contains("branch-2    00:00:30  main") }
        #expect(list.ok, "\(list.screen)")
        try tmux.send("k", "Enter")
        let back = try tmux.waitFor("main again") { screen in
            screen.contains("switched to main") && self.statusLine(screen).contains("· branch main") && screen.contains("│▸node-03  ● healthy")
        }
        #expect(back.ok, "\(back.screen)")
    }

    /// Lets the console run past 40 s, goes back to 00:00:20 and drains node-02 there: a fork.
    private func forkAtTwentySeconds(_ tmux: TmuxSession) throws {
        #expect(try tmux.waitFor("forty seconds in", timeout: .seconds(30)) { $0.contains("t 00:00:4") || $0.contains("t 00:00:5") }.ok)
        try tmux.send(":")
        try tmux.type("goto 00:00:20")
        try tmux.send("Enter")
        #expect(try tmux.waitFor("the past") { self.statusLine($0).contains("⏪ 00:00:20 of") }.ok)
        try tmux.send("j", "d")
        #expect(try tmux.waitFor("forked") { $0.contains("forked branch-2") }.ok)
    }

    @Test func theCompareViewSetsTwoBranchesSideBySide() throws {
        let tmux = try TmuxSession(["console", "--seed", "7", "--speed", "50"])
        defer { tmux.close() }
        try forkAtTwentySeconds(tmux)
        try tmux.send("B")
        #expect(try tmux.waitFor("branch list") { $0.contains("branch-2    00:00:20  main") }.ok)
        try tmux.send("k", "c")
        let compare = try tmux.waitFor("compare view") { screen in
            screen.contains("Compare branch-2 with main") && screen.contains("first divergence: 00:00:20.000 after")
                && screen.contains("branch-2 drain node-02, main nothing")
        }
        #expect(compare.ok, "\(compare.screen)")
        for label in ["committed", "redeliveries", "work-seconds lost", "dead-lettered", "stale writes", "completion time"] {
            #expect(compare.screen.contains(label), "\(label)")
        }
        #expect(compare.screen.contains("00:00:20.000 from main"))
    }

    @Test func recordSavesEveryBranchAndEachReplays() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let recording = directory.appendingPathComponent("tree.jsonl")
        let tmux = try TmuxSession(["console", "--seed", "7", "--speed", "50", "--record", recording.path, "--keyframe-memory", "64MiB"])
        defer { tmux.close() }
        try forkAtTwentySeconds(tmux)
        try tmux.send("q")
        #expect(tmux.exitStatus() == 0)
        let listed = try CLI.run(["branches", recording.path])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("main") && listed.stdout.contains("branch-2"), "\(listed.stdout)")
        for branch in ["main", "branch-2"] {
            let replayed = try CLI.run(["replay", recording.path, "--branch", branch])
            #expect(replayed.status == 0, "\(branch): \(replayed.stdout)\(replayed.stderr)")
        }
    }

    @Test func aBadKeyframeMemoryIsOneLineAndExitTwo() throws {
        let result = try CLI.run(["console", "--keyframe-memory", "lots"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--keyframe-memory must be a size between 1 MiB and 64 GiB, such as 256MiB (got 'lots')"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }
}
