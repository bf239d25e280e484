import AureonCluster
import AureonEngine
import AureonScenario
import Foundation
import Testing

/// The headless time-travel commands through the real binary: `branches`, `replay --branch`
/// and `explore`.
@Suite struct TimeTravelCommandTests {
    /// A recording with a fork: calm.yaml's main runs to 2 min; a kill of node-03 at 50 s
    /// makes branch-2, run to 3 min. Returns the file and each branch's trace hash.
    static func writeForkedRecording(in directory: URL) throws -> (URL, [String: String]) {
        let scenario = try ScenarioParser.load(path: CLI.repositoryRoot.appendingPathComponent("demo/calm.yaml").path)
        let machine = TimeMachine(simulation: try scenario.makeSimulation())
        machine.advance(to: .zero + .seconds(120))
        machine.jump(to: .zero + .seconds(50))
        try machine.perform(.kill(NodeID(2)))
        machine.advance(to: .zero + .seconds(180))
        let file = directory.appendingPathComponent("forked.jsonl")
        let recording = Recording(scenarioName: scenario.name, configuration: machine.simulation.configuration, tree: machine.tree)
        try recording.text.write(to: file, atomically: true, encoding: .utf8)
        return (file, Dictionary(uniqueKeysWithValues: machine.tree.branches.map { ($0.name, $0.endTraceHash) }))
    }

    @Test func branchesListsTheTreeAndReplayVerifiesEachBranch() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (file, hashes) = try Self.writeForkedRecording(in: directory)
        #expect(hashes.count == 2 && hashes["main"] != hashes["branch-2"])

        let table = try CLI.run(["branches", file.path])
        #expect(table.status == 0, "\(table.stderr)")
        let rows = table.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == 2)
        #expect(rows.first?.hasPrefix("main ") == true && rows.first?.hasSuffix(hashes["main"]!) == true, "\(table.stdout)")
        #expect(rows.last?.hasPrefix("branch-2 ") == true && rows.last?.contains(" main ") == true
                && rows.last?.hasSuffix(hashes["branch-2"]!) == true, "\(table.stdout)")

        let listed = try CLI.run(["branches", file.path, "--json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let branches = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(branches.map { $0["name"] as? String } == ["main", "branch-2"])
        #expect(branches[1]["parent"] as? String == "main")
        #expect(branches[1]["fork_at_us"] as? Int == 50_000_000)
        #expect(branches[1]["trace_hash"] as? String == hashes["branch-2"])
        #expect(branches[0]["parent"] is NSNull)

        for (name, hash) in hashes {
            let replayed = try CLI.run(["replay", file.path, "--branch", name, "--json"])
            #expect(replayed.status == 0, "\(name): \(replayed.stdout)\(replayed.stderr)")
            let summary = try CLI.summary(replayed)
            #expect(summary["replayed_hash"] as? String == hash && summary["match"] as? Bool == true, "\(name): \(replayed.stdout)")
        }
        let unknown = try CLI.run(["replay", file.path, "--branch", "branch-9"])
        #expect(unknown.status == 2)
        #expect(unknown.stdout.isEmpty)
        #expect(unknown.stderr.split(separator: "\n").count == 1 && unknown.stderr.contains("--branch") && unknown.stderr.contains("branch-9"),
                "\(unknown.stderr)")
    }

    /// The coin-kill scenario (a scheduled `kill_random` at 60 s decides a redelivery), explored
    /// on one worker and on two: the same JSON, byte for byte, with its jump at 60 s.
    @Test func exploreGivesTheSameJSONWhateverTheJobs() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let scenario = directory.appendingPathComponent("coin-kill.yaml")
        try Self.coinKill.write(to: scenario, atomically: true, encoding: .utf8)
        let file = directory.appendingPathComponent("coin.jsonl")
        let recorded = try CLI.run(["simulate", "--scenario", scenario.path, "--record", file.path])
        #expect(recorded.status == 0, "\(recorded.stderr)")

        let flags = [file.path, "--outcome", "redeliveries > 0", "--to", "3m", "--step", "20s", "--variants", "16", "--json"]
        let one = try CLI.run(["explore"] + flags + ["--jobs", "1"]), two = try CLI.run(["explore"] + flags + ["--jobs", "2"])
        #expect(one.status == 0 && two.status == 0, "\(one.stderr)\(two.stderr)")
        #expect(one.stdout == two.stdout)
        let report = try CLI.summary(one)
        #expect(Set(report.keys).isSuperset(of: ["outcome", "variants", "moments", "outcome_first_at_us", "inevitable_at_us"]))
        #expect(report["variants"] as? Int == 16)
        #expect(report["inevitable_at_us"] as? Int == 60_000_000)
        let first = try #require(report["outcome_first_at_us"] as? Int)
        let moments = try #require(report["moments"] as? [[String: Any]])
        #expect(moments.count == 11, "0 s to 3 min every 20 s, and the moment it happened")
        for moment in moments {
            let time = try #require(moment["t_us"] as? Int), probability = try #require(moment["probability"] as? Double)
            let low = try #require(moment["low"] as? Double), high = try #require(moment["high"] as? Double)
            #expect(low <= probability && probability <= high)
            if time >= 60_000_000 { #expect(probability == 1, "at \(time) µs") } else { #expect(probability < 1, "at \(time) µs") }
        }
        #expect(first > 60_000_000)

        let chart = try CLI.run(["explore"] + flags.dropLast() + ["--jobs", "2"])
        #expect(chart.status == 0)
        let ascii = chart.stdout.utf8.allSatisfy { $0 < 0x80 }
        #expect(ascii, "the chart is plain ASCII")
        #expect(chart.stdout.contains("00:01:00.000   |########################################| 1.000") && chart.stdout.contains("<- inevitable"),
                "\(chart.stdout)")
    }

    static let coinKill = """
    name: coin-kill
    seed: 2
    cluster: { nodes: 2, concurrency: 1, heartbeat_interval: 5s, visibility_timeout: 60s, checkpoint_interval: 30s }
    runs:
      - { id: r1, at: 0s, items: 1, shard_size: 1, work: 200s..200s }
    actions:
      - { at: 60s, kill_random: 1 }
    """
}
