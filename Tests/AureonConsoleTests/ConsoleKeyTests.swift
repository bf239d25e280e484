import Foundation
import AureonCluster
import AureonEngine
import AureonTUI
import Testing
@testable import AureonConsole

/// Key handling: keys → operator actions through `perform`, dialogs and the schedule form.
@Suite("Console keys")
struct ConsoleKeyTests {
    @Test func drainShowsDrainingAndTheNodeTakesNoNewLease() throws {
        let app = try makeConsole()
        press(app, "jd")
        let drainedAt = app.simulation.now
        let row = app.frame(width: 120, height: 40).lines.first { $0.hasPrefix("│▸node-02") } ?? ""
        #expect(row.contains("◐ draining"))
        #expect(app.simulation.performedActions.last?.action == .drain(NodeID(1)))
        run(app, seconds: 60)
        let leasedAfter = app.simulation.events.recent.filter { $0.kind == .shardLeased && $0.node == NodeID(1) && $0.time > drainedAt }
        #expect(leasedAfter.isEmpty)
        #expect(app.simulation.events.recent.contains { $0.kind == .shardLeased && $0.time > drainedAt })
        #expect(app.simulation.nodes[1].activeCount == 0)
        let later = app.frame(width: 120, height: 40).lines.first { $0.hasPrefix("│▸node-02") } ?? ""
        #expect(later.contains("◐ draining") && later.contains("0/4"))
        press(app, "r")
        // The node hears of the resume over the network, a message latency later.
        run(app, seconds: 1)
        let resumed = app.frame(width: 120, height: 40).lines.first { $0.hasPrefix("│▸node-02") } ?? ""
        #expect(resumed.contains("● healthy"))
    }

    @Test func killDialogPreviewListsExactlyTheLeasesTheNodeHeld() throws {
        let app = try makeConsole()
        press(app, "jjx")
        let node = app.simulation.nodes[2]
        let expected = node.slots.compactMap { $0 }.map { "\(app.simulation.taskID(for: $0.task))  token \($0.token)" }
        guard case let .confirm(preview, choice) = app.overlay else {
            Issue.record("no kill dialog")
            return
        }
        #expect(choice == .no)
        #expect(expected.count == 4)
        #expect(preview.lines.count == expected.count)
        for (line, lease) in zip(preview.lines, expected) { #expect(line.hasPrefix(lease)) }
        let text = app.frame(width: 120, height: 40).text()
        for lease in expected { #expect(text.contains(lease)) }
        #expect(text.contains("will be redelivered"))
    }

    @Test func killDialogEnterKeepsTheSafeChoiceAndNCancels() throws {
        let app = try makeConsole()
        press(app, "x\r")
        #expect(!app.simulation.nodes[0].isKilled)
        press(app, "xn")
        #expect(!app.simulation.nodes[0].isKilled)
        app.handle(.key(.character("x")))
        app.handle(.key(.escape))
        #expect(!app.simulation.nodes[0].isKilled)
        #expect(app.simulation.performedActions.isEmpty == false)  // only the initial schedule
        #expect(!app.simulation.performedActions.contains { if case .kill = $0.action { true } else { false } })
    }

    @Test func killConfirmedLeasesAreRedeliveredToOtherNodes() throws {
        let app = try makeConsole()
        press(app, "x")
        guard case let .confirm(preview, _) = app.overlay else {
            Issue.record("no kill dialog")
            return
        }
        let tasks = Set(app.simulation.heldLeases(of: 0).map { app.simulation.taskID(for: $0.task.task) })
        #expect(!tasks.isEmpty && preview.lines.count == tasks.count)
        press(app, "y")
        #expect(app.simulation.nodes[0].isKilled)
        #expect(app.frame(width: 120, height: 40).lines.first { $0.hasPrefix("│▸node-01") }?.contains("✕ killed") == true)
        run(app, seconds: 40)
        let redelivered = app.simulation.events.recent.filter { $0.kind == .taskRedelivered && $0.task.map(tasks.contains) == true }
        #expect(Set(redelivered.compactMap(\.task)) == tasks)
        #expect(redelivered.allSatisfy { $0.node != NodeID(0) })
        press(app, "R")
        #expect(!app.simulation.nodes[0].isKilled)
    }

    @Test func scheduleFormRefusesShardSizeZeroInline() throws {
        let app = try makeConsole()
        let runs = app.simulation.runs.count
        press(app, "s")
        app.handle(.key(.tab))
        app.handle(.key(.tab))  // shard size
        for _ in 0..<4 { app.handle(.key(.backspace)) }
        press(app, "0")
        let text = app.frame(width: 120, height: 40).text()
        #expect(text.contains("✕ shard_size: must be between 1 and 50000000"))
        app.handle(.key(.enter))
        #expect(app.simulation.runs.count == runs)
        guard case .schedule = app.overlay else {
            Issue.record("form closed on a bad value")
            return
        }
        app.handle(.key(.backspace))
        press(app, "25")
        #expect(!app.frame(width: 120, height: 40).text().contains("shard_size: must"))
        app.handle(.key(.enter))
        #expect(app.simulation.runs.count == runs + 1)
        #expect(app.simulation.runs.last?.spec.shardSize == 25)
    }

    @Test func scheduleThenEnterSchedulesTheNextSequentialRun() throws {
        let app = try makeConsole()
        press(app, "s")
        #expect(app.frame(width: 120, height: 40).text().contains("Schedule rqml-run-002"))
        app.handle(.key(.enter))
        #expect(app.simulation.runs.map(\.spec.id.rawValue) == ["rqml-run-001", "rqml-run-002"])
        let text = app.frame(width: 120, height: 40).text()
        #expect(text.contains("▸rqml-run-002"))
        #expect(text.contains("0%  0/100"))
        press(app, "s")
        #expect(app.frame(width: 120, height: 40).text().contains("Schedule rqml-run-003"))
    }

    @Test func scheduleFormValidatesEveryField() {
        #expect(ScheduleForm.problem(with: "", in: .dataset) != nil)
        #expect(ScheduleForm.problem(with: "a b", in: .dataset) != nil)
        #expect(ScheduleForm.problem(with: "ten", in: .items) == "items: must be a whole number (got 'ten')")
        #expect(ScheduleForm.problem(with: "0", in: .items) != nil)
        #expect(ScheduleForm.problem(with: "by_magic", in: .strategy) != nil)
        #expect(ScheduleForm.problem(with: "9s..2s", in: .work) != nil)
        #expect(ScheduleForm.problem(with: "5s..20s", in: .work) == nil)
        #expect(ScheduleForm.problem(with: "1001", in: .maxIterations) != nil)
    }

    @Test func pauseStepAndSpeedKeys() throws {
        let app = try makeConsole()
        let before = app.simulation.counters.eventsProcessed
        press(app, ".")
        #expect(app.simulation.counters.eventsProcessed == before + 1)
        press(app, "+")
        #expect(app.pacer.speed == 20)
        for _ in 0..<20 { press(app, "+") }
        #expect(app.pacer.speed == 1000)
        for _ in 0..<20 { press(app, "-") }
        #expect(app.pacer.speed == 0.25)
        #expect(app.frame(width: 120, height: 40).lines[0].contains("×0.25"))
        press(app, " ")
        #expect(!app.pacer.isPaused)
        press(app, ".")
        #expect(app.notice?.level == .warning)
    }

    @Test func nodeFilterNarrowsTheTableAndEscClearsIt() throws {
        let app = try makeConsole()
        try app.simulation.perform(.drain(NodeID(4)))
        press(app, "/drain\r")
        var text = app.frame(width: 120, height: 40).text()
        #expect(text.contains("Nodes 1/16 matching \"drain\""))
        #expect(text.contains("│▸node-05  ◐ draining"))
        press(app, "x")
        guard case let .confirm(preview, _) = app.overlay else {
            Issue.record("kill did not target the filtered node")
            return
        }
        #expect(preview.actions == [.kill(NodeID(4))])
        app.handle(.key(.escape))
        app.handle(.key(.escape))
        text = app.frame(width: 120, height: 40).text()
        #expect(text.contains("Nodes (16)"))
    }

    @Test func mouseClickSelectsARowAndWheelScrolls() throws {
        let app = try makeConsole()
        _ = app.frame(width: 120, height: 40)
        // Row 3 holds the table header and row 4 node-01, so row 8 is node-05.
        app.handle(.mouse(MouseEvent(.click, x: 5, y: 8)))
        #expect(app.targetNode == NodeID(4))
        app.handle(.mouse(MouseEvent(.wheelDown, x: 5, y: 8)))
        #expect(app.targetNode == NodeID(7))
    }

    @Test func remappedKeysDriveActionsAndBadKeyFilesNameFileAndLine() throws {
        let remapped = try ConsoleAction.defaultKeymap().rebinding("drain", to: [Key(name: "D")!])
        let app = try makeConsole(keymap: remapped)
        press(app, "d")
        #expect(app.simulation.coordinator.views[0].drain == nil)
        press(app, "D")
        #expect(app.simulation.coordinator.views[0].drain == .operator)

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString).yaml").path
        try "drain: D\nexplode: z\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: KeymapError.self) { try ConsoleAction.keymap(loadingOverridesFrom: path) }
        do {
            _ = try ConsoleAction.keymap(loadingOverridesFrom: path)
        } catch {
            #expect(error.description.hasPrefix("\(path):2: unknown action 'explode'"))
        }
    }

    @Test func tabInTheDetailScreenMovesOnlyBetweenItsPanes() throws {
        let app = try makeConsole()
        app.handle(.key(.tab))
        #expect(app.focus == .runs)
        app.handle(.key(.right))
        app.handle(.key(.enter))  // from the runs pane: the selected shard's owner
        let owner = Int(app.simulation.runs[0].shardOwners[1])
        #expect(app.detailNode == NodeID(owner))
        #expect(app.focus == .leases)
        app.handle(.key(.tab))
        #expect(app.focus == .events)
        app.handle(.key(.tab))
        #expect(app.focus == .leases)
        app.handle(.key(.escape))
        #expect(app.detailNode == nil && app.focus == .nodes)
    }

    @Test func quitKeyEndsTheApp() throws {
        let app = try makeConsole()
        #expect(!app.shouldQuit)
        press(app, "q")
        #expect(app.shouldQuit)
    }
}
