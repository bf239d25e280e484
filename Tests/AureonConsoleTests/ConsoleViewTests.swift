import Foundation
import AureonCluster
import AureonEngine
import AureonTUI
import Testing
@testable import AureonConsole

/// Rendered views on the in-memory buffer, read back as text.
@Suite("Console views")
struct ConsoleViewTests {
    @Test func statusBarShowsClockSpeedStateSeedHealthQueueAndInvariants() throws {
        let app = try makeConsole()
        let lines = app.frame(width: 120, height: 40).lines
        #expect(lines[0].trimmingTrailingSpaces() ==
            " AUREON ▸ seed 7 ▸ t 00:00:30.000 ▸ ×10 ‖ paused │ nodes 16 ● healthy                                      invariants ✓")
        let queue = app.simulation.queue
        #expect(lines[1].hasPrefix(" queue \(queue.readyTotal) ready · \(queue.leasedTotal) leased · 0 delayed · 0 dead_lettered │ commits/s"))
        #expect(lines[1].hasSuffix("theme: midnight "))
    }

    @Test func statusBarCountsNodesByHealthAndShowsTheCommitSparkline() throws {
        let app = try makeConsole()
        try app.simulation.perform(.drain(NodeID(1)))
        try app.simulation.perform(.kill(NodeID(2)))
        app.handle(.key(.character(" ")))  // run
        for _ in 0..<20 { app.tick(wallElapsed: .milliseconds(100)) }
        let first = app.frame(width: 120, height: 40).lines[0]
        #expect(first.contains("nodes 14 ● healthy 1 ◐ draining 1 ✕ killed"))
        #expect(first.contains("▶ running"))
        let second = app.frame(width: 120, height: 40).lines[1]
        let sparkline = second.drop { $0 != "/" }.dropFirst(2)
        #expect(sparkline.contains { "▁▂▃▄▅▆▇█".contains($0) }, "sparkline glyphs after commits/s: \(second)")
    }

    @Test func nodesTableSnapshot() throws {
        let app = try makeConsole()
        try app.simulation.perform(.drain(NodeID(3)))
        let lines = app.frame(width: 120, height: 40).lines
        let table = lines[2...7].map { String($0.prefix(69)) }
        #expect(table == [
            "┌ Nodes (16) ───────────────────────────────────────────────────────┐",
            "│ NODE     HEALTH         FAULTS       SLOTS LEASES HEARTBEAT   DONE│",
            "│▸node-01  ● healthy                     4/4      4 ♥ 0.5s         5│",
            "│ node-02  ● healthy                     4/4      4 ♥ 1.4s         4│",
            "│ node-03  ● healthy                     4/4      4 ♥ 0.3s         5│",
            "│ node-04  ◐ draining                    4/4      4 ♥ 0.0s         5│",
        ])
    }

    @Test func onlyVisibleNodeRowsAreRendered() throws {
        let app = try makeConsole(nodes: 2_000, advancedTo: 5)
        let text = app.frame(width: 120, height: 40).text()
        #expect(text.contains("Nodes (2000)"))
        let rows = { (frame: String) in frame.split(separator: "\n").filter { $0.hasPrefix("│ node-") || $0.hasPrefix("│▸node-") } }
        #expect(rows(text).count == 21)
        #expect(rows(text).first?.hasPrefix("│▸node-0001") == true)
        for _ in 0..<1_999 { app.handle(.key(.character("j"))) }
        let scrolled = app.frame(width: 120, height: 40).text()
        #expect(rows(scrolled).last?.hasPrefix("│▸node-2000") == true)
        #expect(rows(scrolled).first?.hasPrefix("│ node-1980") == true)
    }

    @Test func killDialogSnapshotPreselectsNo() throws {
        let app = try makeConsole()
        app.handle(.key(.character("x")))
        let text = app.frame(width: 100, height: 30).text()
        #expect(text.contains("┌ Kill node-01 ─"))
        #expect(text.contains("│ Kill node-01? It stops at once: no acks, no heartbeats."))
        #expect(text.contains("│ 4 leases will expire (visibility timeout 20s);"))
        #expect(text.contains("│ those shards will be redelivered to other nodes, resuming from checkpoints:"))
        #expect(text.contains("Yes, kill (y)    ▸ No (n) ◂"))
    }

    @Test func helpIsGeneratedFromTheLiveKeymap() throws {
        let remapped = try ConsoleAction.defaultKeymap().rebinding("drain", to: [Key(name: "D")!])
        let app = try makeConsole(keymap: remapped)
        app.handle(.key(.character("?")))
        let text = app.frame(width: 120, height: 60).text()
        #expect(text.contains("Help (keys from the live keymap)"))
        let lines = text.split(separator: "\n").map { String($0) }
        func bound(_ key: String, _ description: String) -> Bool {
            lines.contains { $0.range(of: "│ *\(key) +\(description)", options: .regularExpression) != nil }
        }
        #expect(bound("D", "Drain the selected node"))
        #expect(bound("x", "Kill the selected node \\(asks first\\)"))
        #expect(!bound("d", "Drain"))
        app.handle(.key(.escape))
        #expect(!app.frame(width: 120, height: 60).text().contains("Help (keys"))
    }

    @Test func tooSmallScreenSaysWhatIsNeededAndWhatThereIs() throws {
        let app = try makeConsole()
        #expect(app.frame(width: 30, height: 8).lines.map { $0.trimmingTrailingSpaces() } == [
            "", "", "", "      Terminal too small", "    need 80×24, have 30×8", "", "", "",
        ])
        #expect(app.frame(width: 79, height: 40).text().contains("Terminal too small: need 80×24, have 79×40"))
    }

    @Test func anySizeRendersWithoutTrapping() throws {
        let app = try makeConsole()
        app.handle(.key(.character("x")))
        for (width, height) in [(0, 0), (1, 1), (2, 1), (1, 30), (80, 24), (30, 8), (300, 100), (80, 1), (120, 40)] {
            let frame = app.frame(width: width, height: height)
            #expect(frame.width == width && frame.height == height)
        }
        app.handle(.key(.escape))
        app.handle(.key(.character("s")))
        _ = app.frame(width: 80, height: 24)
        _ = app.frame(width: 1, height: 1)
    }

    @Test func asciiModeDrawsSevenBitOnly() throws {
        let app = try makeConsole(glyphs: .ascii)
        for keys in [[], [Key.character("x")], [.escape, .character("?")], [.escape, .character("s")], [.escape, .enter]] {
            for key in keys { app.handle(.key(key)) }
            let text = app.frame(width: 120, height: 40).text()
            #expect(text.allSatisfy { $0.isASCII }, "non-ASCII in: \(text.filter { !$0.isASCII })")
        }
    }

    @Test func nodeDetailShowsLeasesCheckpointsEventsAndHeartbeatHistory() throws {
        let app = try makeConsole()
        app.handle(.key(.down))
        app.handle(.key(.enter))
        let text = app.frame(width: 120, height: 40).text()
        #expect(text.contains("Node node-02 (esc back)"))
        #expect(text.contains("Leases of node-02 (4)"))
        #expect(text.contains("Checkpoints (node-02)"))
        #expect(text.contains("heartbeat ♥"))
        #expect(text.contains("last beats:"))
        let eventLines = text.split(separator: "\n").filter { $0.contains("00:00:2") && ($0.contains("lease_renewed") || $0.contains("shard_leased")) }
        #expect(!eventLines.isEmpty)
        #expect(eventLines.allSatisfy { $0.contains("node-02") })
        app.handle(.key(.escape))
        #expect(app.frame(width: 120, height: 40).text().contains("Nodes (16)"))
    }

    @Test func runsPaneShowsProgressAndTheSelectedShardsOwner() throws {
        let app = try makeConsole()
        let text = app.frame(width: 120, height: 40).text()
        #expect(text.contains("▸rqml-run-001  dataset-A  iter 1/3  by_slice"))
        #expect(text.contains("45%  89/200"))
        let run = app.simulation.runs[0]
        let owner = app.simulation.naming.name(of: NodeID(Int(run.shardOwners[0])))
        #expect(text.contains("shard 1/200 slice:0:100 committed on \(owner)"))
    }

    @Test func eventFilterKeepsOnlyMatchingKindsAndNodes() throws {
        let app = try makeConsole()
        app.handle(.key(.character("e")))
        for character in "lease_renewed node-03" { app.handle(.key(.character(character))) }
        app.handle(.key(.enter))
        let lines = app.frame(width: 120, height: 40).lines
        let events = lines.drop { !$0.contains("Events (") }.dropFirst().prefix { !$0.hasPrefix("└") }
        #expect(lines.contains { $0.range(of: #"Events \(\d+ of last \d+ match "lease_renewed node-03"\)"#, options: .regularExpression) != nil })
        #expect(!events.isEmpty)
        #expect(events.allSatisfy { $0.contains("lease_renewed") && $0.contains("node-03") })
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
