import Foundation
import Testing

@Suite struct ReplayCommandTests {
    @Test func recordThenReplayMatchesAndAnEditedTimeDoesNot() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let recording = directory.appendingPathComponent("crash.jsonl")
        let simulated = try CLI.run(["simulate", "--scenario", "demo/node-crash.yaml", "--record", recording.path, "--json"])
        #expect(simulated.status == 0, "\(simulated.stderr)")
        let hash = try #require(try CLI.summary(simulated)["trace_hash"] as? String)

        let replayed = try CLI.run(["replay", recording.path])
        #expect(replayed.status == 0, "\(replayed.stdout)\(replayed.stderr)")
        #expect(replayed.stdout.contains(hash))

        // Move the kill of node-03 by one second.
        let text = try String(contentsOf: recording, encoding: .utf8)
        let edited = text.replacingOccurrences(of: #""at_us":45000000,"after_events""#, with: #""at_us":46000000,"after_events""#)
        #expect(edited != text)
        let editedFile = directory.appendingPathComponent("edited.jsonl")
        try edited.write(to: editedFile, atomically: true, encoding: .utf8)
        let differs = try CLI.run(["replay", editedFile.path])
        #expect(differs.status == 1)
        #expect(differs.stdout.contains("hashes differ"))
    }

    @Test func truncatedOrWrongVersionRecordingsExitTwo() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let recording = directory.appendingPathComponent("calm.jsonl")
        _ = try CLI.run(["simulate", "--nodes", "3", "--items", "20", "--shard-size", "5", "--record", recording.path])
        let lines = try String(contentsOf: recording, encoding: .utf8).split(separator: "\n")

        let truncated = directory.appendingPathComponent("truncated.jsonl")
        try (lines.dropLast().joined(separator: "\n") + "\n" + String(lines.last!.prefix(20))).write(to: truncated, atomically: true, encoding: .utf8)
        let cut = try CLI.run(["replay", truncated.path])
        #expect(cut.status == 2)
        #expect(cut.stderr.contains("\(truncated.path):\(lines.count):"), "\(cut.stderr)")

        let versioned = directory.appendingPathComponent("v9.jsonl")
        try lines.joined(separator: "\n").replacingOccurrences(of: "\"version\":3", with: "\"version\":9")
            .write(to: versioned, atomically: true, encoding: .utf8)
        let wrong = try CLI.run(["replay", versioned.path])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("\(versioned.path):1:") && wrong.stderr.contains("version"))
        #expect(wrong.stderr.split(separator: "\n").count == 1)
    }

    @Test func fuzzReportsCleanRuns() throws {
        let result = try CLI.run(["fuzz", "--seeds", "20", "--start", "1000"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("20 seeds from 1000, 0 failed"))
        let bad = try CLI.run(["fuzz", "--nodes-max", "1"])
        #expect(bad.status == 2)
    }
}

@Suite struct DemoCommandTests {
    @Test func poisonShardScenarioExitsZeroBecauseItExpectsTheDeadLetter() throws {
        let result = try CLI.run(["simulate", "--scenario", "demo/poison-shard.yaml", "--json"])
        #expect(result.status == 0)
        #expect(try #require(try CLI.summary(result)["dead_lettered"] as? Int) >= 1)
    }

    @Test func demoListsTheShippedScenarios() throws {
        let result = try CLI.run(["demo"])
        #expect(result.status == 0)
        for name in ["tour", "partition-zombie", "poison-shard", "node-loss-30", "slow-node"] { #expect(result.stdout.contains(name)) }
        let missing = try CLI.run(["demo", "no-such-demo"])
        #expect(missing.status == 2 && missing.stderr.contains("no demo named"))
    }
}
