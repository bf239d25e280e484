import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Console v2 through the real binary in tmux: presenter mode, the command line, filter,
/// sort, marks, keys that need raw mode, replay, terminal refusal and the default workload.
@Suite(.serialized) struct ConsoleV2EndToEndTests {
    static let base = ["console", "--seed", "7"]

    private func selectedRow(_ screen: String) -> String {
        screen.split(separator: "\n").first { $0.hasPrefix("│▸node-") }.map(String.init) ?? ""
    }

    private func clock(_ screen: String) -> String? {
        screen.firstMatch(of: /t (\d\d:\d\d:\d\d\.\d\d\d)/).map { String($0.1) }
    }

    @Test func presenterModeAdvancesOnlyOnAKey() throws {
        let tmux = try TmuxSession(["demo", "tour", "--present", "--speed", "50"])
        defer { tmux.close() }
        let first = try tmux.waitFor("first caption held", timeout: .seconds(20)) { $0.contains(/tour 1\/\d+ │ → space/) }
        #expect(first.ok, "\(first.screen)")
        let heldAt = try #require(clock(first.screen))
        Thread.sleep(forTimeInterval: 1.5)
        #expect(clock(try tmux.screen()) == heldAt, "the simulation waits for the presenter")
        try tmux.send("Space")
        let second = try tmux.waitFor("second caption", timeout: .seconds(20)) { $0.contains(/tour 2\/\d+/) }
        #expect(second.ok, "\(second.screen)")
        #expect(clock(second.screen) != heldAt)
    }

    @Test func commandLineDrainsNode03() throws {
        let tmux = try TmuxSession(Self.base)
        defer { tmux.close() }
        #expect(try tmux.waitFor("start-up") { $0.contains("Nodes (16)") }.ok)
        try tmux.send(":")
        try tmux.type("drain node-03")
        try tmux.send("Enter")
        let drained = try tmux.waitFor("node-03 draining") { $0.contains("│ node-03  ◐ draining") }
        #expect(drained.ok, "\(drained.screen)")
    }

    @Test func regexFilterShowsMatchedOverTotal() throws {
        let tmux = try TmuxSession(Self.base)
        defer { tmux.close() }
        #expect(try tmux.waitFor("start-up") { $0.contains("Nodes (16)") }.ok)
        try tmux.send("/")
        try tmux.type("node-1[0-2]")
        try tmux.send("Enter")
        let filtered = try tmux.waitFor("three nodes") { screen in
            screen.contains("Nodes 3/16 matching \"node-1[0-2]\"") && screen.contains("node-10") && screen.contains("node-12")
                && !screen.contains("│ node-13")
        }
        #expect(filtered.ok, "\(filtered.screen)")
    }

    @Test func sortingByAColumnReordersTheTable() throws {
        let tmux = try TmuxSession(Self.base + ["--speed", "50"])
        defer { tmux.close() }
        #expect(try tmux.waitFor("start-up") { $0.contains("Nodes (16)") }.ok)
        try tmux.send("O")  // name, descending
        let sorted = try tmux.waitFor("descending names") { screen in
            let rows = screen.split(separator: "\n").filter { $0.hasPrefix("│▸node-") || $0.hasPrefix("│ node-") }
            return screen.contains("NODE↓") && rows.first?.contains("node-16") == true && rows.last?.contains("node-01") == true
        }
        #expect(sorted.ok, "\(sorted.screen)")
    }

    @Test func markingThreeNodesAndDrainingThem() throws {
        let tmux = try TmuxSession(Self.base)
        defer { tmux.close() }
        #expect(try tmux.waitFor("start-up") { $0.contains("Nodes (16)") }.ok)
        try tmux.send("m", "m", "m")
        #expect(try tmux.waitFor("three marked") { $0.contains("3 marked") }.ok)
        try tmux.send("d")
        let preview = try tmux.waitFor("one preview") { $0.contains("drain 3 marked nodes") && $0.contains("node-01, node-02, node-03") }
        #expect(preview.ok, "\(preview.screen)")
        try tmux.send("y")
        let drained = try tmux.waitFor("all three draining") { screen in
            ["node-01", "node-02", "node-03"].allSatisfy { screen.contains("\($0)  ◐ draining") } && screen.contains("node-04  ● healthy")
        }
        #expect(drained.ok, "\(drained.screen)")
    }

    @Test func ctrlQQuitsWithAKeyFileThatBindsIt() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let keys = directory.appendingPathComponent("keys.yaml")
        try "quit: [q, ctrl-q]\n".write(to: keys, atomically: true, encoding: .utf8)
        let tmux = try TmuxSession(Self.base + ["--keys", keys.path])
        defer { tmux.close() }
        #expect(try tmux.waitFor("start-up") { $0.contains("Nodes (16)") }.ok)
        try tmux.send("C-q")
        #expect(tmux.exitStatus() == 0)
    }

    @Test func f10Quits() throws {
        let tmux = try TmuxSession(Self.base)
        defer { tmux.close() }
        #expect(try tmux.waitFor("start-up") { $0.contains("Nodes (16)") }.ok)
        try tmux.send("F10")
        #expect(tmux.exitStatus() == 0)
    }

    @Test func replayShowsReplayAndOpensNoDialog() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let recording = directory.appendingPathComponent("session.jsonl")
        let record = try TmuxSession(Self.base + ["--record", recording.path])
        #expect(try record.waitFor("start-up") { $0.contains("Nodes (16)") }.ok)
        try record.send("q")
        #expect(record.exitStatus() == 0)
        record.close()
        let tmux = try TmuxSession(["console", "--replay", recording.path])
        defer { tmux.close() }
        let badge = try tmux.waitFor("badge") { $0.contains(" REPLAY ") }
        #expect(badge.ok, "\(badge.screen)")
        #expect(!badge.screen.contains("d drain") && !badge.screen.contains("x kill"))
        // After the short recording has played out, so its closing notice does not cover ours.
        #expect(try tmux.waitFor("replay finished") { $0.contains("replay finished") }.ok)
        try tmux.send("x")
        let refused = try tmux.waitFor("refusal") { $0.contains("replay: operator actions are off") }
        #expect(refused.ok, "\(refused.screen)")
        #expect(!refused.screen.contains("Kill node-01"))
    }

    @Test func dumbTerminalIsRefusedWithExitStatus2() throws {
        let tmux = try TmuxSession(Self.base, environment: ["TERM": "dumb"])
        defer { tmux.close() }
        #expect(tmux.exitStatus() == 2)
        let screen = try tmux.screen()
        #expect(screen.contains("aureon: TERM=dumb cannot draw the console"), "\(screen)")
    }

    @Test func theDefaultConsoleStillCommitsAfterTenVirtualMinutes() throws {
        let tmux = try TmuxSession(Self.base + ["--speed", "200"])
        defer { tmux.close() }
        let later = try tmux.waitFor("past ten virtual minutes", timeout: .seconds(30)) { screen in
            guard let time = self.clock(screen) else { return false }
            return time >= "00:10:30.000"
        }
        #expect(later.ok, "\(later.screen)")
        let rate = try tmux.waitFor("commits flowing", timeout: .seconds(10)) { screen in
            guard let match = screen.firstMatch(of: /commits\/s [^\d]*(\d+\.\d)/) else { return false }
            return Double(match.1).map { $0 > 0 } ?? false
        }
        #expect(rate.ok, "\(rate.screen)")
    }
}
