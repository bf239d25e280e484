import Foundation
import Testing

/// Issue 4 end to end: a console session driven by tmux keys is recorded and replays to the
/// same trace hash; the timeline view shows on the real terminal.
@Suite(.serialized) struct ConsoleRecordingEndToEndTests {
    @Test func recordedConsoleSessionReplaysToTheSameHash() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let recording = directory.appendingPathComponent("session.jsonl")
        let tmux = try TmuxSession(["console", "--seed", "7", "--speed", "20", "--record", recording.path])
        defer { tmux.close() }
        #expect(try tmux.waitFor("nodes table") { $0.contains("│▸node-01  ● healthy") }.ok)
        try tmux.send("j", "d")                      // drain node-02
        #expect(try tmux.waitFor("draining") { $0.contains("node-02  ◐ draining") }.ok)
        try tmux.send("j", "x")                      // kill node-03 …
        #expect(try tmux.waitFor("kill dialog") { $0.contains("Kill node-03?") }.ok)
        try tmux.send("y")                           // … confirmed
        #expect(try tmux.waitFor("killed") { $0.contains("node-03  ✕ killed") }.ok)
        try tmux.send("j", "p")                      // partition node-04
        #expect(try tmux.waitFor("fault panel") { $0.contains("Faults (") && $0.contains("partition") }.ok)
        try tmux.send("s")                           // schedule a run with the form's defaults
        #expect(try tmux.waitFor("form") { $0.contains("rqml-run-002") }.ok)
        try tmux.send("Enter")
        #expect(try tmux.waitFor("scheduled") { $0.contains("rqml-run-002") && !$0.contains("Schedule a run") }.ok)
        try tmux.send("q")
        #expect(tmux.exitStatus() == 0)

        let text = try String(contentsOf: recording, encoding: .utf8)
        for verb in ["drain", "kill", "partition", "schedule"] { #expect(text.contains("\"action\":\"\(verb)\""), "\(verb)") }
        let replayed = try CLI.run(["replay", recording.path])
        #expect(replayed.status == 0, "\(replayed.stdout)\(replayed.stderr)")
        #expect(replayed.stdout.contains("replay matches"))

        // Move the drain by a tenth of a virtual second: a different history.
        let drainLine = try #require(text.split(separator: "\n").first { $0.contains("\"action\":\"drain\"") })
        let at = try #require(drainLine.firstMatch(of: /"at_us":(\d+)/)).1
        let edited = text.replacingOccurrences(of: String(drainLine),
                                               with: drainLine.replacingOccurrences(of: "\"at_us\":\(at)", with: "\"at_us\":\(Int(at)! + 100_000)"))
        let editedFile = directory.appendingPathComponent("edited.jsonl")
        try edited.write(to: editedFile, atomically: true, encoding: .utf8)
        let differs = try CLI.run(["replay", editedFile.path])
        #expect(differs.status == 1)
        #expect(differs.stdout.contains("the trace hashes differ"))
    }

    @Test func timelineViewShowsLanesAndTheFaultPanel() throws {
        let tmux = try TmuxSession(["console", "--seed", "7", "--speed", "20"])
        defer { tmux.close() }
        #expect(try tmux.waitFor("nodes table") { $0.contains("│▸node-01  ● healthy") }.ok)
        try tmux.send("p", "v")
        let view = try tmux.waitFor("timeline") { screen in
            screen.contains("Timeline") && screen.contains("16 lanes") && screen.contains("█ committed")
                && screen.contains("Faults (1)") && screen.contains("partition")
        }
        #expect(view.ok, "\(view.screen)")
        let lane = view.screen.split(separator: "\n").first { $0.contains("node-02") } ?? ""
        #expect(lane.contains("█") || lane.contains("▓"), "node-02's lane shows its executions: \(lane)")
        try tmux.send("v")
        #expect(try tmux.waitFor("main view") { $0.contains("Nodes (16)") }.ok)
        try tmux.send("q")
        #expect(tmux.exitStatus() == 0)
    }
}
