import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `aureon fuzz --jobs`, `--shard`, `--jsonl` and `--report` through the real binary. The
/// campaign is small (34 seeds, clusters of 2–3 nodes: three worker requests of 16, 16 and 2 seeds) so the suite
/// stays fast in a debug build.
@Suite(.serialized) struct FuzzJobsTests {
    static let campaign = ["fuzz", "--seeds", "34", "--start", "500", "--nodes-max", "3"]
    /// The campaign's bounds, as `--report` takes them.
    static let bounds = ["--seeds", "34", "--start", "500"]

    @Test func reportIsTheSameInOneProcessAndInWorkers() throws {
        let results = try CLI.runAll([Self.campaign + ["--jobs", "1"], Self.campaign + ["--jobs", "2"]], concurrently: 1)
        for result in results { #expect(result.status == 0, "\(result.stderr)") }
        #expect(results[0].stdout.contains("fuzz: 34 seeds from 500, 0 failed, campaign hash "), "\(results[0].stdout)")
        #expect(results[1].stdout == results[0].stdout)
        #expect(results[0].stderr.contains("1 process") && results[1].stderr.contains("2 workers"), "\(results[1].stderr)")
    }

    @Test func jsonLinesOfShardsConcatenateIntoTheCampaignsReport() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let whole = try CLI.run(Self.campaign + ["--jobs", "2"])
        #expect(whole.status == 0, "\(whole.stderr)")
        let shards = try CLI.runAll((0..<3).map { Self.campaign + ["--shard", "\($0)/3", "--jsonl", "--jobs", "2"] }, concurrently: 1)
        var lines: [String] = []
        for shard in shards {
            #expect(shard.status == 0, "\(shard.stderr)")
            lines += shard.stdout.split(separator: "\n").map(String.init)
        }
        #expect(lines.count == 34, "one line per seed and nothing else")
        #expect(Set(lines).count == 34)
        // Shards 2 and 0 concatenated in one file, shard 1 in another: the order must not matter.
        let joined = directory.appendingPathComponent("joined.jsonl"), single = directory.appendingPathComponent("one.jsonl")
        try (shards[2].stdout + shards[0].stdout).write(to: joined, atomically: true, encoding: .utf8)
        try shards[1].stdout.write(to: single, atomically: true, encoding: .utf8)
        let merged = try CLI.run(["fuzz", "--report", joined.path, single.path])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout == whole.stdout)

        // A lost shard is said, not passed over.
        let partial = try CLI.run(["fuzz", "--report", joined.path])
        #expect(partial.status == 1)
        #expect(partial.stdout.contains("missing"), "\(partial.stdout)")
        // A lost last shard leaves no gap between the seeds present: the campaign's bounds
        // (--seeds, --start) show it, and name seeds that are not the campaign's.
        let shards01 = directory.appendingPathComponent("first-two.jsonl")
        try (shards[0].stdout + shards[1].stdout).write(to: shards01, atomically: true, encoding: .utf8)
        let unbounded = try CLI.run(["fuzz", "--report", shards01.path])
        #expect(unbounded.status == 0, "without the campaign's bounds a lost last shard cannot be seen")
        let bounded = try CLI.run(["fuzz", "--report", shards01.path] + Self.bounds)
        #expect(bounded.status == 1)
        #expect(bounded.stdout.contains("missing"), "\(bounded.stdout)")
        let exact = try CLI.run(["fuzz", "--report", joined.path, single.path] + Self.bounds)
        #expect(exact.status == 0 && exact.stdout == whole.stdout, "\(exact.stderr)")
        let elsewhere = try CLI.run(["fuzz", "--report", joined.path, single.path, "--seeds", "3"] + Array(Self.bounds.suffix(2)))
        #expect(elsewhere.status == 2 && elsewhere.stderr.contains("is not in the campaign"), "\(elsewhere.stderr)")
        #expect(elsewhere.stderr.split(separator: "\n").count == 1)
        // A shard merged twice is refused at the line of its second copy.
        let twice = try CLI.run(["fuzz", "--report", single.path, single.path])
        #expect(twice.status == 2)
        #expect(twice.stderr.hasPrefix("aureon: \(single.path):1: seed: "), "\(twice.stderr)")
        #expect(twice.stderr.split(separator: "\n").count == 1)
        // A file of something else.
        let text = directory.appendingPathComponent("summary.txt")
        try whole.stdout.write(to: text, atomically: true, encoding: .utf8)
        let wrong = try CLI.run(["fuzz", "--report", text.path])
        #expect(wrong.status == 2 && wrong.stderr.hasPrefix("aureon: \(text.path):1: record: "), "\(wrong.stderr)")
    }

    /// A worker killed mid-campaign: a loud one-line error naming the seed it was running,
    /// exit 3, and no hang (the test would never return).
    @Test func killedWorkerIsReportedWithItsSeed() throws {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["fuzz", "--seeds", "1000000", "--jobs", "2", "--nodes-max", "3"]
        process.currentDirectoryURL = CLI.repositoryRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let parent = process.processIdentifier
        var worker: Int32?
        // Poll for the first worker process (bounded: about 30 s).
        for _ in 0..<3_000 where worker == nil {
            let children = (try? String(contentsOfFile: "/proc/\(parent)/task/\(parent)/children", encoding: .utf8)) ?? ""
            worker = children.split(separator: " ").first.flatMap { Int32($0) }
            if worker == nil { usleep(10_000) }
        }
        let victim = try #require(worker, "no worker process appeared")
        kill(victim, SIGKILL)
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        _ = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = String(decoding: errData, as: UTF8.self)
        #expect(process.terminationStatus == 3)
        #expect(stderr.contains("(pid \(victim)) was killed by signal 9"), "\(stderr)")
        #expect(stderr.contains("while running seed ") && stderr.contains("--jobs 1"), "\(stderr)")
        #expect(stderr.split(separator: "\n").count == 1, "\(stderr)")
        #expect(!FileManager.default.fileExists(atPath: "/proc/\(victim)/status"))
    }

    /// A worker that cannot start (here: no file descriptors left for its pipes) is one line, exit 3.
    @Test func workerThatCannotStartIsOneLine() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ulimit -n 6; exec \"$0\" fuzz --seeds 40 --jobs 2", CLI.binary.path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 3, "\(stderr)")
        #expect(stderr.hasPrefix("aureon: could not start fuzz worker "), "\(stderr)")
        #expect(stderr.split(separator: "\n").count == 1)
        #expect(stdout.isEmpty)
    }
}
