import AureonPostgres
import Foundation
import Testing
@testable import aureon

/// The launcher on its own, with a stand-in program for the coordinator and the nodes (a
/// shell script that says who it is and sleeps): the processes it starts, the signals it
/// sends, a restart as a new process, and that `stop()` leaves no process and no directory.
/// (That a SIGKILLed `aureon live run` leaves nothing either is in `LiveRunEndToEndTests`.)
@Suite(.serialized, .enabled(if: PostgresBinaries.locate() != nil, "PostgreSQL server programs (initdb, pg_ctl) are not installed"))
struct LiveClusterTests {
    /// A stand-in for `aureon`: prints its role and name, then sleeps until signalled.
    private static func standIn(in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("stand-in").path
        try "#!/bin/sh\necho \"$1 ${5:-coordinator} started pid $$\"\nexec sleep 600\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    /// The process state letter from /proc (R, S, T, Z, …); nil once it is gone.
    private static func state(_ pid: pid_t) -> Character? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(close, offsetBy: 2)...].first
    }

    private static func isAlive(_ pid: pid_t) -> Bool {
        guard let state = state(pid) else { return false }
        return state != "Z" && state != "X"
    }

    /// Polls (bounded, 10 s) until `condition` holds.
    private static func eventually(_ condition: () -> Bool) -> Bool {
        for _ in 0..<500 {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    @Test func startsSignalsRestartsAndStopsLeavingNothing() throws {
        let scratch = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let cluster = try LiveCluster(LiveCluster.Settings(executable: try Self.standIn(in: scratch),
                                                           nodeNames: ["node-01", "node-02"]))
        let directory = cluster.directory
        #expect(cluster.members.map(\.name) == ["coordinator", "node-01", "node-02"])
        #expect(cluster.nodes.map(\.name) == ["node-01", "node-02"])
        let first = cluster.members.map(\.pid)
        #expect(first.allSatisfy(Self.isAlive))
        #expect(Self.eventually { cluster.output(of: "node-01").contains("node node-01 started pid \(first[1])") })
        #expect(Self.eventually { cluster.output(of: "coordinator").contains("coordinator coordinator started") })

        try cluster.pause("node-01")
        #expect(Self.eventually { Self.state(first[1]) == "T" })
        #expect(throws: LiveError.self) { try cluster.pause("node-01") }
        try cluster.resume("node-01")
        #expect(Self.eventually { Self.state(first[1]) != "T" })
        try cluster.pause("node-01", for: .milliseconds(1))
        #expect(Self.eventually { cluster.refresh().first { $0.name == "node-01" }?.state == .running })
        #expect(Self.state(first[1]) != "T")

        try cluster.kill("node-02")
        #expect(cluster.nodes.last?.state == .exited(128 + SIGKILL))
        #expect(!Self.isAlive(first[2]))
        #expect(throws: LiveError.self) { try cluster.kill("node-02") }
        #expect(throws: LiveError.self) { try cluster.restart("node-01") }
        #expect(throws: LiveError.self) { try cluster.kill("node-99") }
        try cluster.restart("node-02")
        let restarted = try #require(cluster.nodes.last)
        #expect(restarted.launches == 2 && restarted.pid != first[2] && restarted.state == .running)
        #expect(Self.eventually { cluster.output(of: "node-02").split(separator: "\n").count == 2 })
        #expect(cluster.processesStarted == 4)

        try cluster.pause("node-01")
        cluster.stop()
        for pid in first + [restarted.pid] { #expect(!Self.isAlive(pid)) }
        #expect(cluster.members.allSatisfy { $0.state.exitStatus != nil })
        #expect(!FileManager.default.fileExists(atPath: directory))
        #expect(cluster.output(of: "node-01").isEmpty)
        cluster.stop()
    }

    @Test func aProgramThatCannotStartFailsTheLaunchAndLeavesNothing() throws {
        let before = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter { $0.hasPrefix("aureon-live-") }
        #expect(throws: LiveError.self) {
            _ = try LiveCluster(LiveCluster.Settings(executable: "/nonexistent/aureon", nodeNames: ["node-01"]))
        }
        let after = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter { $0.hasPrefix("aureon-live-") }
        #expect(Set(after).isSubset(of: Set(before)))
    }

    @Test func actionFlagsPairWithAtInTheOrderWritten() {
        #expect(LiveRunCommand.actionOrder(["live", "run", "--pause", "node-01", "--at", "1s", "--kill", "2", "--at", "2s"],
                                           named: ["--kill", "--pause"]) == ["--pause", "--kill"])
        #expect(LiveRunCommand.actionOrder(["--kill=2", "--at", "1s"], named: ["--kill", "--pause"]) == ["--kill"])
        #expect(LiveRunCommand.actionOrder(["--nodes", "4"], named: ["--kill", "--pause"]).isEmpty)
    }
}
