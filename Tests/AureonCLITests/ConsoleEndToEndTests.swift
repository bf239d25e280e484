import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The real binary in tmux: start-up, node actions, scheduling, quitting, resizing, colour.
/// Serialized: each test runs a live console, and two cores are shared with the build.
@Suite(.serialized) struct ConsoleEndToEndTests {
    static let base = ["console", "--seed", "7"]

    /// The table row of the selected node (the one with the pointer).
    private func selectedRow(_ screen: String) -> String {
        screen.split(separator: "\n").first { $0.hasPrefix("│▸node-") }.map(String.init) ?? ""
    }

    @Test func startUpShowsTheNodesTableWithARunGoing() throws {
        let tmux = try TmuxSession(Self.base)
        defer { tmux.close() }
        let started = try tmux.waitFor("nodes table", timeout: .seconds(10)) {
            $0.contains("Nodes (16)") && $0.contains("│▸node-01  ● healthy") && $0.contains("node-16") && $0.contains("rqml-run-001")
        }
        #expect(started.ok, "\(started.screen)")
        #expect(started.screen.contains("HEALTH") && started.screen.contains("HEARTBEAT"))
        // Alive: the virtual clock moves and shards get leased.
        let alive = try tmux.waitFor("leases", timeout: .seconds(5)) { $0.contains("shard_leased") && !$0.contains("t 00:00:00.000") }
        #expect(alive.ok, "\(alive.screen)")
    }

    @Test func drainThenResumeFlipsTheSelectedNodesHealth() throws {
        let tmux = try TmuxSession(Self.base)
        defer { tmux.close() }
        #expect(try tmux.waitFor("nodes table") { $0.contains("│▸node-01  ● healthy") }.ok)
        try tmux.send("j", "d")
        let drained = try tmux.waitFor("draining") { self.selectedRow($0).hasPrefix("│▸node-02  ◐ draining") }
        #expect(drained.ok, "\(drained.screen)")
        try tmux.send("r")
        let resumed = try tmux.waitFor("healthy again") { self.selectedRow($0).hasPrefix("│▸node-02  ● healthy") }
        #expect(resumed.ok, "\(resumed.screen)")
    }

    @Test func killWithConfirmationMovesItsLeasesToOtherNodes() throws {
        let tmux = try TmuxSession(Self.base + ["--speed", "20"])
        defer { tmux.close() }
        #expect(try tmux.waitFor("leases held") { $0.contains("Leases of node-01 (4)") }.ok)
        try tmux.send("x")
        let dialog = try tmux.waitFor("kill dialog") { $0.contains("Kill node-01?") && $0.contains("▸ No (n) ◂") }
        #expect(dialog.ok, "\(dialog.screen)")
        let tasks = Set(dialog.screen.split(separator: "\n").compactMap { line -> String? in
            guard let match = line.firstMatch(of: /(rqml-run-001:\d+:slice:\d+:\d+)  token \d+  expires/) else { return nil }
            return String(match.1)
        })
        #expect(tasks.count == 4, "\(dialog.screen)")
        try tmux.send("y")
        #expect(try tmux.waitFor("killed") { self.selectedRow($0).hasPrefix("│▸node-01  ✕ killed") }.ok)
        try tmux.send("e")
        try tmux.type("task_redelivered")
        try tmux.send("Enter")
        let moved = try tmux.waitFor("redelivery of a killed node's lease", timeout: .seconds(20)) { screen in
            screen.split(separator: "\n").contains { line in
                line.contains("task_redelivered") && tasks.contains { line.contains($0 + " ") } && !line.contains("node-01 ")
            }
        }
        #expect(moved.ok, "\(moved.screen)")
    }

    @Test func scheduleThenEnterAddsARunWithAProgressBar() throws {
        let tmux = try TmuxSession(Self.base)
        defer { tmux.close() }
        #expect(try tmux.waitFor("start-up") { $0.contains("rqml-run-001") }.ok)
        try tmux.send("s")
        #expect(try tmux.waitFor("form") { $0.contains("Schedule rqml-run-002") && $0.contains("Shard size:") }.ok)
        try tmux.send("Enter")
        let scheduled = try tmux.waitFor("second run with a bar") { screen in
            let lines = screen.split(separator: "\n")
            guard let header = lines.firstIndex(where: { $0.contains("▸rqml-run-002") }), header + 1 < lines.count else { return false }
            return lines[header + 1].contains("/100") && lines[header + 1].contains { "█░▏▎▍▌▋▊▉".contains($0) }
        }
        #expect(scheduled.ok, "\(scheduled.screen)")
    }

    @Test func quitExitsZeroAndRestoresTheTerminal() throws {
        let tmux = try TmuxSession(Self.base)
        defer { tmux.close() }
        #expect(try tmux.waitFor("start-up") { $0.contains("Nodes (16)") }.ok)
        #expect(try tmux.alternateScreenIsOn())
        try tmux.send("q")
        #expect(tmux.exitStatus() == 0)
        #expect(try !tmux.alternateScreenIsOn())
        #expect(try tmux.cursorIsVisible())
        #expect(try !tmux.screen().contains("Nodes (16)"))
    }

    @Test func ctrlCRestoresTheTerminal() throws {
        let tmux = try TmuxSession(Self.base)
        defer { tmux.close() }
        #expect(try tmux.waitFor("start-up") { $0.contains("Nodes (16)") }.ok)
        try tmux.send("C-c")
        #expect(tmux.exitStatus() == 128 + SIGINT)
        #expect(try !tmux.alternateScreenIsOn())
        #expect(try tmux.cursorIsVisible())
    }

    @Test func sigtermRestoresTheTerminal() throws {
        let tmux = try TmuxSession(Self.base)
        defer { tmux.close() }
        #expect(try tmux.waitFor("start-up") { $0.contains("Nodes (16)") }.ok)
        let pid = try #require(try tmux.consoleProcessID())
        kill(pid, SIGTERM)
        #expect(tmux.exitStatus() == 128 + SIGTERM)
        #expect(try !tmux.alternateScreenIsOn())
    }

    @Test func closingTheTerminalEndsTheConsole() throws {
        let tmux = try TmuxSession(Self.base)
        defer { tmux.close() }
        #expect(try tmux.waitFor("start-up") { $0.contains("Nodes (16)") }.ok)
        let pid = try #require(try tmux.consoleProcessID())
        try tmux.hangUp()
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(5)
        func running() -> Bool {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
            return !stat.contains(") Z")  // a zombie has exited
        }
        while running() && clock.now < deadline { Thread.sleep(forTimeInterval: 0.1) }
        #expect(!running(), "the console outlived its terminal")
    }

    @Test func resizingTo30x8ShowsTheSizeMessageAndBackRestoresTheView() throws {
        let tmux = try TmuxSession(Self.base)
        defer { tmux.close() }
        #expect(try tmux.waitFor("start-up") { $0.contains("Nodes (16)") }.ok)
        try tmux.resize(width: 30, height: 8)
        let small = try tmux.waitFor("size message") { $0.contains("Terminal too small") && $0.contains("need 80×24, have 30×8") }
        #expect(small.ok, "\(small.screen)")
        try tmux.resize(width: 1, height: 1)
        try tmux.resize(width: 120, height: 40)
        let back = try tmux.waitFor("full view") { $0.contains("Nodes (16)") && !$0.contains("too small") }
        #expect(back.ok, "\(back.screen)")
    }

    @Test func noColorOutputCarriesNoColourEscapes() throws {
        let plain = try TmuxSession(Self.base, environment: ["NO_COLOR": "1"])
        defer { plain.close() }
        #expect(try plain.waitFor("start-up") { $0.contains("Nodes (16)") && $0.contains("shard_leased") }.ok)
        let escaped = try plain.screen(escapes: true)
        #expect(Self.colourParameters(in: escaped).isEmpty, "colour SGR parameters: \(Self.colourParameters(in: escaped).prefix(5))")
        #expect(escaped.contains("\u{1b}["), "attributes (reverse status bar, bold) still come through")

        // The same check finds colour when colour is allowed, so it can fail.
        let coloured = try TmuxSession(Self.base)
        defer { coloured.close() }
        #expect(try coloured.waitFor("start-up") { $0.contains("Nodes (16)") }.ok)
        let colourScreen = try coloured.screen(escapes: true)
        #expect(!Self.colourParameters(in: colourScreen).isEmpty, "\(colourScreen.prefix(200).debugDescription)")
    }

    @Test func aScenarioPlaysItsActionsAndCaptionsWhileTheOperatorActs() throws {
        let tmux = try TmuxSession(["console", "--scenario", "demo/node-crash.yaml", "--speed", "20"])
        defer { tmux.close() }
        #expect(try tmux.waitFor("scenario cluster") { $0.contains("Nodes (12)") }.ok)
        try tmux.send("G", "d")  // the operator drains node-12 while the scenario runs
        let caption = try tmux.waitFor("caption", timeout: .seconds(10)) { $0.contains("Killing node-03 mid-run") }
        #expect(caption.ok, "\(caption.screen)")
        let played = try tmux.waitFor("scheduled kill and drain") { screen in
            screen.contains("│ node-03  ✕ killed") && screen.contains("node-07  ◐ draining") && screen.contains("node-12  ◐ draining")
        }
        #expect(played.ok, "\(played.screen)")
    }

    @Test func pausedAndIdleUsesNextToNoCPU() throws {
        let tmux = try TmuxSession(Self.base)
        defer { tmux.close() }
        #expect(try tmux.waitFor("start-up") { $0.contains("Nodes (16)") }.ok)
        try tmux.send("Space")
        #expect(try tmux.waitFor("paused") { $0.contains("‖ paused") }.ok)
        let pid = try #require(try tmux.consoleProcessID())
        func cpuTicks() throws -> Int {
            // Fields 14 and 15 of /proc/PID/stat: user and system time in clock ticks (after the ")" of the name).
            let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
            let fields = stat[stat.index(after: stat.lastIndex(of: ")")!)...].split(separator: " ")
            return Int(fields[11])! + Int(fields[12])!
        }
        let before = try cpuTicks()
        Thread.sleep(forTimeInterval: 3)
        let used = try cpuTicks() - before
        #expect(used <= 15, "\(used) ticks (1/100 s) of CPU in 3 s while paused")
    }

    @Test func asciiFlagDrawsWithASCIIOnly() throws {
        let tmux = try TmuxSession(Self.base + ["--ascii"])
        defer { tmux.close() }
        let screen = try tmux.waitFor("start-up") { $0.contains("Nodes (16)") && $0.contains("node-16") }
        #expect(screen.ok, "\(screen.screen)")
        #expect(screen.screen.allSatisfy { $0.isASCII }, "\(screen.screen.filter { !$0.isASCII })")
    }

    @Test func aLocaleThatIsNotUTF8GetsASCII() throws {
        let tmux = try TmuxSession(Self.base, environment: ["LC_ALL": "C"])
        defer { tmux.close() }
        let screen = try tmux.waitFor("start-up") { $0.contains("Nodes (16)") && $0.contains("node-16") }
        #expect(screen.ok, "\(screen.screen)")
        #expect(screen.screen.contains("+ Nodes (16) ---"))
        #expect(screen.screen.allSatisfy { $0.isASCII }, "\(screen.screen.filter { !$0.isASCII })")
    }

    /// SGR parameters that set a colour (30–38, 40–48, 90–97, 100–107), found in `text`.
    /// Scans scalars by hand: an escape sequence is not a unit of Swift's grapheme-based matching.
    static func colourParameters(in text: String) -> [String] {
        var found: [String] = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index + 1 < scalars.count {
            guard scalars[index] == "\u{1b}", scalars[index + 1] == "[" else {
                index += 1
                continue
            }
            var end = index + 2
            var body = ""
            while end < scalars.count, "0123456789;:".unicodeScalars.contains(scalars[end]) {
                body.unicodeScalars.append(scalars[end])
                end += 1
            }
            if end < scalars.count, scalars[end] == "m" {
                found += body.split(separator: ";").map(String.init).filter { parameter in
                    guard let value = Int(parameter.split(separator: ":").first ?? "") else { return false }
                    return (30...38).contains(value) || (40...48).contains(value) || (90...97).contains(value) || (100...107).contains(value)
                }
            }
            index = end
        }
        return found
    }
}

/// The console's input errors: one line, exit 2, before the terminal is touched.
@Suite struct ConsoleCommandTests {
    @Test func withoutATerminalItPointsToSimulate() throws {
        let result = try CLI.run(["console"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("aureon simulate"))
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(try CLI.run([]).status == 2, "no arguments opens the console, which needs a terminal")
    }

    @Test func everyShippedThemeIsAccepted() throws {
        for name in ["midnight", "daylight", "high-contrast", "monochrome", "solarized-dark", "gruvbox"] {
            let result = try CLI.run(["console", "--theme", name])
            // Past theme loading, the console stops only because there is no terminal.
            #expect(result.stderr.contains("needs a terminal"), "\(name): \(result.stderr)")
        }
    }

    @Test func aThemeWithAnUnknownKeyOrABadColourExits2NamingFileAndLine() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let midnight = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("themes/midnight.yaml"), encoding: .utf8)
        let unknown = directory.appendingPathComponent("unknown.yaml")
        try midnight.replacingOccurrences(of: "  accent:", with: "  sparkle: red\n  accent:").write(to: unknown, atomically: true, encoding: .utf8)
        let badColour = directory.appendingPathComponent("bad.yaml")
        try midnight.replacingOccurrences(of: "accent: \"#5fafff\"", with: "accent: \"#5fafzz\"").write(to: badColour, atomically: true, encoding: .utf8)
        let accentLine = midnight.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("  accent:") }! + 1

        let first = try CLI.run(["console", "--theme", unknown.path])
        #expect(first.status == 2)
        #expect(first.stderr.hasPrefix("aureon: \(unknown.path):\(accentLine): unknown colour key 'sparkle'"), "\(first.stderr)")
        let second = try CLI.run(["console", "--theme", badColour.path])
        #expect(second.status == 2)
        #expect(second.stderr.hasPrefix("aureon: \(badColour.path):\(accentLine): bad colour"), "\(second.stderr)")
        let missing = try CLI.run(["console", "--theme", "no-such-theme"])
        #expect(missing.status == 2 && missing.stderr.contains("no theme named 'no-such-theme'"))
    }

    @Test func badKeyFilesAndFlagsExit2WithOneLine() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let keys = directory.appendingPathComponent("keys.yaml")
        try "drain: D\nkill: D\n".write(to: keys, atomically: true, encoding: .utf8)
        let result = try CLI.run(["console", "--keys", keys.path])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("aureon: \(keys.path):2: key 'D'"), "\(result.stderr)")
        let speed = try CLI.run(["console", "--speed", "5000"])
        #expect(speed.status == 2 && speed.stderr.contains("--speed must be between 0.25 and 1000"))
        let nodes = try CLI.run(["console", "--nodes", "0"])
        #expect(nodes.status == 2 && nodes.stderr.contains("--nodes"))
    }
}
