import Foundation
import Testing

@Suite struct SimulateCommandTests {
    static let acceptance = ["simulate", "--nodes", "12", "--concurrency", "4", "--items", "20000", "--shard-size", "100", "--json"]

    @Test func acceptanceRunCommitsEveryShardOnceAndIsReproducible() throws {
        let first = try CLI.run(Self.acceptance + ["--seed", "7"])
        #expect(first.status == 0, "\(first.stderr)")
        let summary = try CLI.summary(first)
        let runs = try #require(summary["runs"] as? [[String: Any]])
        let iterations = try #require(runs.first?["iterations"] as? Int)
        #expect(summary["shards_total"] as? Int == 200 * iterations)
        #expect(summary["shards_committed"] as? Int == 200 * iterations)
        #expect(summary["duplicate_commits"] as? Int == 0)
        #expect(summary["lost_shards"] as? Int == 0)
        #expect(summary["invariant_violations"] as? Int == 0)
        for key in ["nodes", "redeliveries", "resumed_from_checkpoint", "stale_writes_rejected", "dead_lettered",
                    "virtual_seconds", "events_processed", "wall_seconds", "expectations"] {
            #expect(summary[key] != nil, "summary lacks \(key)")
        }
        let hash = try #require(summary["trace_hash"] as? String)
        #expect(hash.count == 16 && hash.allSatisfy(\.isHexDigit))

        let second = try CLI.summary(try CLI.run(Self.acceptance + ["--seed", "7"]))
        #expect(second["trace_hash"] as? String == hash)
        let other = try CLI.summary(try CLI.run(Self.acceptance + ["--seed", "8"]))
        #expect(other["trace_hash"] as? String != hash)
    }

    @Test func largestSeedIsAccepted() throws {
        let result = try CLI.run(["simulate", "--nodes", "3", "--items", "10", "--shard-size", "5", "--seed", "18446744073709551615", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try CLI.summary(result)["seed"] as? UInt64 == UInt64.max)
    }

    @Test(arguments: [
        (["--nodes", "0"], "--nodes"),
        (["--shard-size", "0"], "--shard-size"),
        (["--work", "5s..1s"], "--work"),
        (["--bogus"], "bogus"),
        (["--seed", "-1"], "--seed"),
        (["--seed", "18446744073709551616"], "--seed"),
        (["--strategy", "by_magic"], "--strategy"),
        (["--until", "-5s"], "--until"),
        (["--scenario", "/nonexistent/scenario.yaml"], "/nonexistent/scenario.yaml"),
    ])
    func badFlagsExitTwoWithOneLine(arguments: [String], mentions: String) throws {
        let result = try CLI.run(["simulate"] + arguments)
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "expected one line, got: \(result.stderr)")
        #expect(result.stderr.contains(mentions))
        #expect(result.stdout.isEmpty)
    }

    @Test(arguments: [
        ("name: x\ncluster: { nodes: 4\n", 3, "malformed YAML"),
        ("name: x\nactions:\n  - { at: 1s, explode: node-01 }\n", 3, "unknown action 'explode'"),
        ("name: x\ncluster: { nodes: 4 }\nactions:\n  - { at: 1s, kill: node-09 }\n", 4, "unknown node 'node-09'"),
        ("name: x\ncluster: { nodes: 4, colour: blue }\n", 2, "unknown key 'colour'"),
    ])
    func badScenarioFilesNameFileAndLine(text: String, line: Int, problem: String) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bad.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["simulate", "--scenario", file.path])
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("\(file.path):\(line):"), "\(result.stderr)")
        #expect(result.stderr.contains(problem), "\(result.stderr)")
    }

    @Test func crashScenarioRedeliversAndResumesFromCheckpoints() throws {
        let result = try CLI.run(["simulate", "--scenario", "demo/node-crash.yaml", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try CLI.summary(result)
        #expect(try #require(summary["redeliveries"] as? Int) > 0)
        #expect(try #require(summary["resumed_from_checkpoint"] as? Int) > 0)
        #expect(summary["duplicate_commits"] as? Int == 0)
        #expect(summary["lost_shards"] as? Int == 0)
        #expect(summary["shards_committed"] as? Int == summary["shards_total"] as? Int)
    }

    @Test func hostileRunIDStaysInsideTheCheckpointDirectory() throws {
        let sandbox = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: sandbox) }
        let store = sandbox.appendingPathComponent("deep/store")
        let scenario = sandbox.appendingPathComponent("escape.yaml")
        try """
        name: escape
        cluster: { nodes: 4, concurrency: 2 }
        runs:
          - { id: ../../escape, items: 40, shard_size: 5, work: 5s..20s, max_iterations: 1 }
        """.write(to: scenario, atomically: true, encoding: .utf8)
        let before = try FileManager.default.contentsOfDirectory(atPath: sandbox.path).sorted()
        let result = try CLI.run(["simulate", "--scenario", scenario.path, "--checkpoint-dir", store.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let after = try FileManager.default.contentsOfDirectory(atPath: sandbox.path).sorted()
        #expect(after == (before + ["deep"]).sorted(), "nothing may appear beside the store")
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.appendingPathComponent("deep").path) == ["store"])

        // Every task has its own folder inside the store (beside the manifest), and the finals match the summary.
        let folders = try FileManager.default.contentsOfDirectory(atPath: store.path).filter { $0 != "aureon-checkpoints.json" }
        #expect(folders.allSatisfy { $0.hasPrefix("task-") && !$0.contains("/") })
        var finals = 0
        for folder in folders {
            let files = try FileManager.default.contentsOfDirectory(atPath: store.appendingPathComponent(folder).path).sorted()
            let latest = try Data(contentsOf: store.appendingPathComponent(folder).appendingPathComponent(try #require(files.last)))
            let record = try #require(try JSONSerialization.jsonObject(with: latest) as? [String: Any])
            #expect((record["task_id"] as? String)?.hasPrefix("../../escape:") == true)
            if let payload = record["payload"] as? [String: Any], payload["progress"] as? Double == 1 { finals += 1 }
        }
        #expect(finals == (try CLI.summary(result))["shards_committed"] as? Int)
    }

    @Test func eventsFileHoldsOneJSONObjectPerLine() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let events = directory.appendingPathComponent("events.jsonl")
        let result = try CLI.run(["simulate", "--nodes", "3", "--items", "30", "--shard-size", "5", "--events", events.path, "--json"])
        #expect(result.status == 0)
        let lines = try String(contentsOf: events, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == (try CLI.summary(result))["events_recorded"] as? Int)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["kind"] is String)
            #expect(object?["t_us"] is Int)
        }
        #expect(lines.contains { $0.contains("\"kind\":\"task_committed\"") })
    }

    @Test func failedExpectationExitsOne() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("strict.yaml")
        try """
        name: strict
        cluster: { nodes: 4, concurrency: 2 }
        runs:
          - { items: 20, shard_size: 5, work: 5s..10s }
        expect: { min_redeliveries: 1 }
        """.write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["simulate", "--scenario", file.path, "--json"])
        #expect(result.status == 1)
        #expect(try CLI.summary(result)["passed"] as? Bool == false)
    }
}
