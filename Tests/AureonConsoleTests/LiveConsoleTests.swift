import AureonCluster
import AureonPostgres
import AureonTUI
import Testing
@testable import AureonConsole

/// A link the test feeds by hand and whose requests it reads back.
private final class FakeLink: LiveClusterLink {
    var pending: [LiveWatchUpdate] = []
    var requests: [(ControlAction, String)] = []

    func takeUpdates() -> [LiveWatchUpdate] {
        defer { pending.removeAll() }
        return pending
    }

    func request(_ action: ControlAction, for node: String) -> Bool {
        requests.append((action, node))
        return true
    }
}

/// A launcher that started the nodes it is told about and records every signal.
private final class FakeLauncher: LiveNodeLauncher {
    var pids: [String: Int32]
    var signals: [(NodeSignal, String)] = []

    init(pids: [String: Int32]) {
        self.pids = pids
    }

    func startedPID(of node: String) -> Int32? { pids[node] }

    func send(_ signal: NodeSignal, to node: String) -> Bool {
        guard pids[node] != nil else { return false }
        signals.append((signal, node))
        if signal == .kill { pids[node] = nil }
        return true
    }
}

private func node(_ name: String, _ health: NodeHealth = .healthy, leases: Int = 2, committed: Int = 5) -> LiveNodeRow {
    LiveNodeRow(name: name, incarnation: 1, health: health, silenceMicros: 400_000, pid: 4242, host: "here", leases: leases, committed: committed)
}

private func snapshot(_ nodes: [LiveNodeRow], events: [LiveEvent] = [], lastSeq: Int64 = 0) -> LiveWatchUpdate {
    .state(LiveClusterSnapshot(nodes: nodes, runs: [LiveRunRow(id: 1, name: "run-1", ready: 10, leased: 4, committed: 6, deadLettered: 0, redelivered: 1)],
                               events: events, newEvents: events.count, lastSeq: lastSeq))
}

private func makeLiveConsole(launcher: FakeLauncher? = nil) -> (LiveConsole, FakeLink) {
    let link = FakeLink()
    link.pending = [snapshot([node("node-1"), node("node-2"), node("node-3")],
                             events: [LiveEvent(seq: 1, kind: "node_joined", node: "node-1", incarnation: 1, detail: "pid 4242 on here")], lastSeq: 1)]
    let console = LiveConsole(link: link, launcher: launcher, location: "postgres://postgres@127.0.0.1:5432/postgres",
                              settings: ConsoleSettings(glyphs: .unicode))
    console.resize(width: 120, height: 40)
    console.tick(wallElapsed: .milliseconds(33))
    return (console, link)
}

@Suite("Live console")
struct LiveConsoleTests {
    @Test func statusBarCarriesTheLiveBadgeAndTheNodesTheReaderReported() {
        let (console, _) = makeLiveConsole()
        let lines = console.frame(width: 120, height: 40).lines
        #expect(lines[0].contains(" LIVE "))
        #expect(lines[0].contains("connected"))
        #expect(lines[0].contains("3 ● healthy"))
        #expect(lines.contains { $0.contains("node-2") && $0.contains("healthy") })
        #expect(lines.contains { $0.contains("run-1") && $0.contains("6/20 committed") && $0.contains("1 redelivered") })
        #expect(lines.contains { $0.contains("#1 node_joined node-1#1 pid 4242 on here") })
    }

    @Test func timeKeysAreRefusedAndChangeNothing() {
        let (console, link) = makeLiveConsole()
        for key in [" ", ".", "+", "-", "<", ">", "{", "}", "B", "v"] {
            press(console, key)
            #expect(console.notice?.text == LiveConsole.wallClockRules, "key \(key)")
        }
        #expect(link.requests.isEmpty)
        #expect(console.frame(width: 120, height: 40).lines[38].contains("live: the wall clock rules"))
    }

    @Test func drainAndResumeKeysIssueControlRequestsForTheSelectedNode() {
        let (console, link) = makeLiveConsole()
        press(console, "jd")
        press(console, "r")
        #expect(link.requests.map(\.0) == [.drain, .resume])
        #expect(link.requests.map(\.1) == ["node-2", "node-2"])
        link.pending = [snapshot([node("node-1"), node("node-2", .draining), node("node-3")])]
        console.tick(wallElapsed: .milliseconds(33))
        #expect(console.frame(width: 120, height: 40).lines.contains { $0.contains("node-2") && $0.contains("◐ draining") })
    }

    @Test func killOfAStartedNodeIsSIGKILLThroughTheLauncherAfterConfirmation() {
        let launcher = FakeLauncher(pids: ["node-1": 11, "node-2": 12, "node-3": 13])
        let (console, link) = makeLiveConsole(launcher: launcher)
        press(console, "jx")
        #expect(launcher.signals.isEmpty)
        press(console, "y")
        #expect(launcher.signals.map(\.0) == [.kill])
        #expect(launcher.signals.map(\.1) == ["node-2"])
        #expect(link.requests.isEmpty)
    }

    @Test func killOfARemoteNodeIsAControlRequest() {
        let (console, link) = makeLiveConsole()
        press(console, "xn")
        #expect(link.requests.isEmpty)
        press(console, "xy")
        #expect(link.requests.map(\.0) == [.kill])
        #expect(link.requests.map(\.1) == ["node-1"])
    }

    @Test func pauseFreezesAStartedNodeForTheChosenTimeThenContinuesIt() {
        let launcher = FakeLauncher(pids: ["node-1": 11])
        let (console, _) = makeLiveConsole(launcher: launcher)
        press(console, "P\u{7f}\u{7f}5\r")
        #expect(launcher.signals.map(\.0) == [.stop])
        console.tick(wallElapsed: .seconds(4))
        #expect(launcher.signals.count == 1)
        console.tick(wallElapsed: .seconds(1))
        #expect(launcher.signals.map(\.0) == [.stop, .resume])
    }

    @Test func partitionCutsAStartedNodeOffForTheChosenTimeThenHealsIt() {
        let launcher = FakeLauncher(pids: ["node-1": 11])
        let (console, _) = makeLiveConsole(launcher: launcher)
        press(console, "N\u{7f}\u{7f}3\r")
        #expect(launcher.signals.map(\.0) == [.cut])
        #expect(console.frame(width: 120, height: 40).lines.contains { $0.contains("node-1") && $0.contains("partitioned, heals in") })
        console.tick(wallElapsed: .seconds(2))
        #expect(launcher.signals.count == 1)
        console.tick(wallElapsed: .seconds(1))
        #expect(launcher.signals.map(\.0) == [.cut, .heal])
        #expect(console.frame(width: 120, height: 40).lines.contains { $0.contains("partitioned") } == false)
    }

    @Test func partitionIsRefusedForARemoteNodeAndQuittingHealsTheCutOnes() {
        let remote = FakeLauncher(pids: [:])
        let (refused, _) = makeLiveConsole(launcher: remote)
        press(refused, "N")
        #expect(refused.overlay == .none)
        #expect(refused.notice?.text.contains("not started by this console") == true)
        let launcher = FakeLauncher(pids: ["node-1": 11])
        let (console, _) = makeLiveConsole(launcher: launcher)
        press(console, "N\r")
        press(console, "q")
        #expect(console.shouldQuit)
        #expect(launcher.signals.map(\.0) == [.cut, .heal])
    }

    @Test func pauseIsRefusedForANodeThisConsoleDidNotStart() {
        let (console, _) = makeLiveConsole(launcher: FakeLauncher(pids: [:]))
        press(console, "P")
        #expect(console.overlay == .none)
        #expect(console.notice?.text.contains("not started by this console") == true)
    }

    @Test func quittingContinuesFrozenNodes() {
        let launcher = FakeLauncher(pids: ["node-1": 11])
        let (console, _) = makeLiveConsole(launcher: launcher)
        press(console, "P\r")
        press(console, "q")
        #expect(console.shouldQuit)
        #expect(launcher.signals.map(\.0) == [.stop, .resume])
    }

    @Test func aLostDatabaseIsSaidOnScreenAndTheCatchUpCounted() {
        let (console, link) = makeLiveConsole()
        link.pending = [.unreachable(reason: "connection reset")]
        console.tick(wallElapsed: .milliseconds(33))
        #expect(console.frame(width: 120, height: 40).lines[0].contains("database unreachable — reconnecting…"))
        link.pending = [.reconnected(caughtUp: 42), snapshot([node("node-1")])]
        console.tick(wallElapsed: .milliseconds(33))
        let lines = console.frame(width: 120, height: 40).lines
        #expect(lines[0].contains("connected"))
        #expect(lines[38].contains("reconnected, caught up 42 events"))
    }
}
