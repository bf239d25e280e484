import Foundation
import Testing

/// `aureon bench` through the real binary: flag validation and the shape of its output on the
/// small rows. No timing is asserted — only that figures are present, named and well-typed.
@Suite struct BenchCommandTests {
    @Test(arguments: [
        (["--only", "nope"], "aureon: --only: unknown row 'nope' (one of: w1, wmid, w2, nodes100k, startup, fuzz, console1k, console10k, console100k)"),
        (["--only", "startup,w3"], "aureon: --only: unknown row 'w3'"),
        (["--only", "startup,"], "aureon: --only: unknown row ''"),
        (["--repeat", "0"], "aureon: --repeat must be between 1 and 20 (got 0)"),
        (["--repeat", "21"], "aureon: --repeat must be between 1 and 20 (got 21)"),
        (["--repeat", "many"], "aureon: "),
        (["--fuzz-seeds", "0"], "aureon: --fuzz-seeds must be between 1 and 1000000 (got 0)"),
        (["--bogus"], "aureon: "),
        (["--only", "w1", "--demo-dir", "/nonexistent-aureon"], "aureon: /nonexistent-aureon/bench-w1.yaml: benchmark scenario not found"),
    ])
    func badFlagIsOneLineAndExitTwo(arguments: [String], prefix: String) throws {
        let result = try CLI.run(["bench", "--only", "startup"] + arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.hasPrefix(prefix), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stdout.isEmpty, "nothing measured before the flags are checked: \(result.stdout)")
    }

    @Test func callgrindWithoutValgrindSaysSoAndExitsTwo() throws {
        let empty = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: empty) }
        let result = try CLI.run(["bench", "--only", "startup", "--callgrind"], environment: ["PATH": empty.path])
        #expect(result.status == 2)
        #expect(result.stderr == "aureon: --callgrind: valgrind is not installed (not found on PATH); run without --callgrind\n")
        #expect(result.stdout.isEmpty)
    }

    @Test func startupRowAsJSONHasEveryKey() throws {
        let result = try CLI.run(["bench", "--only", "startup", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "aureon-bench")
        #expect(object["format_version"] as? Int == 1)
        #expect(object["repeat"] as? Int == 1)
        #expect(object["callgrind"] as? Bool == false)
        for key in ["load_average_before", "load_average_after"] {
            #expect((object[key] as? [Any])?.count == 3, "\(key): the 1, 5 and 15 minute load averages")
        }
        let rows = try #require(object["rows"] as? [String: Any])
        #expect(Array(rows.keys) == ["startup"])
        let row = try #require(rows["startup"] as? [String: Any])
        #expect(row["label"] as? String == "start-up")
        #expect(row["command"] as? String == "aureon simulate --nodes 1 --items 1 --json")
        #expect(row["status"] as? String == "ok")
        #expect(row["runs"] as? Int == 5)
        for key in ["best_wall_ms", "median_wall_ms", "peak_rss_bytes", "binary_bytes"] {
            #expect(row[key] is NSNumber, "\(key) is a number")
        }
        #expect(row["instructions"] is NSNull, "no instruction count without --callgrind")
    }

    @Test func startupRowAsTextIsATableAndItsCommand() throws {
        let result = try CLI.run(["bench", "--only", "startup"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first?.hasPrefix("load average (1, 5, 15 min) before: ") == true, "\(result.stdout)")
        let header = try #require(lines.first { $0.hasPrefix("row ") }, "\(result.stdout)")
        #expect(header.contains("best wall ms"))
        #expect(!header.contains("instr"), "instruction columns only with --callgrind")
        #expect(lines.contains { $0.hasPrefix("start-up ") && $0.hasSuffix("  ok") }, "\(result.stdout)")
        #expect(lines.contains("  startup: aureon simulate --nodes 1 --items 1 --json"), "\(result.stdout)")
    }

    /// The fuzz row runs the same small campaign in one process and in two workers and says
    /// whether the reports are identical: they must be.
    @Test func fuzzRowFindsTheReportsIdentical() throws {
        let result = try CLI.run(["bench", "--only", "fuzz", "--fuzz-seeds", "6", "--json"])
        #expect(result.status == 0, "\(result.stderr) \(result.stdout)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let row = try #require((object["rows"] as? [String: Any])?["fuzz"] as? [String: Any])
        #expect(row["status"] as? String == "ok")
        #expect(row["reports_identical"] as? Bool == true)
        #expect(row["seeds"] as? Int == 6)
        #expect(row["command"] as? String == "aureon fuzz --seeds 6 --start 1 --nodes-max 8 --jobs 1 (and --jobs 2)")
        for key in ["jobs1_wall_seconds", "jobs1_seeds_per_second", "jobs2_wall_seconds", "jobs2_seeds_per_second", "speedup"] {
            #expect(row[key] is NSNumber, "\(key) is a number")
        }
        let hash = try #require(row["campaign_hash"] as? String)
        #expect(!hash.isEmpty && hash.allSatisfy(\.isHexDigit))
        #expect(row["jobs1_instructions"] is NSNull)
    }

    /// With valgrind installed, the start-up row gets a real instruction count, and the
    /// stripped copy and callgrind's output file are removed afterwards.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/valgrind")))
    func callgrindCountsStartupInstructionsAndCleansUp() throws {
        let temporary = FileManager.default.temporaryDirectory.path
        // The stripped copy and callgrind's output (other tests' children write .out and .err files).
        let leftovers = {
            Set(((try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []).filter {
                $0.hasPrefix("aureon-bench-") && !$0.hasSuffix(".out") && !$0.hasSuffix(".err")
            })
        }
        let before = leftovers()
        let result = try CLI.run(["bench", "--only", "startup", "--callgrind", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["callgrind"] as? Bool == true)
        let row = try #require((object["rows"] as? [String: Any])?["startup"] as? [String: Any])
        let instructions = try #require(row["instructions"] as? Int)
        #expect(instructions > 0)
        #expect(leftovers().subtracting(before).isEmpty, "temporary files left behind")
    }
}
