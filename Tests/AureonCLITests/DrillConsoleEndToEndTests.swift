import Foundation
import Testing

/// Issue 9 end to end: a drill played in the real console through tmux — briefing, a hint, the
/// right actions, the debrief with the verdict — then the attempt in `aureon drill history`.
@Suite(.serialized) struct DrillConsoleEndToEndTests {
    @Test func aDrillPlayedInTheConsoleIsDebriefedAndKept() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("attempts.sqlite").path
        let recording = directory.appendingPathComponent("attempt.jsonl").path
        let tmux = try TmuxSession(["drill", "maintenance-drain", "--trainee", "tess", "--db", db, "--record", recording, "--speed", "50"])
        defer { tmux.close() }

        let briefing = try tmux.waitFor("briefing") { $0.contains("DRILL · Drain a node before its maintenance") && $0.contains("Press Enter") }
        #expect(briefing.ok, "\(briefing.screen)")
        try tmux.send("Enter")
        let live = try tmux.waitFor("live console") { $0.contains("DRILL maintenance-drain") && $0.contains("Objectives") }
        #expect(live.ok, "\(live.screen)")
        try tmux.send("h")
        let hint = try tmux.waitFor("hint") { $0.contains("hint: Select node-04") }
        #expect(hint.ok, "\(hint.screen)")
        try tmux.send("j", "j", "j", "d")  // node-04, drained
        let drained = try tmux.waitFor("drained objective met") { $0.contains("✓ node-04 drained before its maintenance") }
        #expect(drained.ok, "\(drained.screen)")
        let swapped = try tmux.waitFor("maintenance kill", timeout: .seconds(30)) { $0.contains("PAGE: node-04 powered off") }
        #expect(swapped.ok, "\(swapped.screen)")
        try tmux.send("R")
        let debrief = try tmux.waitFor("debrief", timeout: .seconds(60)) { $0.contains("DEBRIEF") }
        #expect(debrief.ok, "\(debrief.screen)")
        #expect(debrief.screen.contains("PASSED"), "\(debrief.screen)")
        let score = try #require(debrief.screen.firstMatch(of: /score (\d+)\/100 \(pass mark 70\)/))
        #expect(Int(score.1)! > 70)
        #expect(debrief.screen.contains("recording saved to "), "\(debrief.screen)")
        #expect(debrief.screen.contains("you: drain node-04"))
        try tmux.send("q")
        #expect(tmux.exitStatus() == 0)

        #expect(FileManager.default.fileExists(atPath: recording))
        let history = try CLI.run(["drill", "history", "--db", db, "--trainee", "tess", "--json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["drill"] as? String == "maintenance-drain")
        #expect(rows.first?["passes"] as? Int == 1)
        #expect(rows.first?["best"] as? Int == Int(score.1)!)
        // The recorded attempt grades the same again.
        let check = try CLI.run(["drill", "check", recording, "--trainee", "tess", "--json"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("\"score\":\(score.1)"))
    }
}
