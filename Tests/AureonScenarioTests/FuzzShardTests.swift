import AureonScenario
import Testing

@Suite struct SeedRangeShardTests {
    /// For many ranges and part counts: the parts are disjoint, in order, together exactly the
    /// range, and their sizes differ by at most one.
    @Test func shardsPartitionTheRange() {
        var ranges: [SeedRange] = [SeedRange(first: UInt64.max, count: 1), SeedRange(first: UInt64.max - 9, count: 10),
                                   SeedRange(first: 0, count: UInt64.max), SeedRange(first: 7, count: 0)]
        for first: UInt64 in [0, 1, 1_000, 123_456_789] {
            for count: UInt64 in [1, 2, 3, 7, 16, 17, 100, 999, 1_000_003] { ranges.append(SeedRange(first: first, count: count)) }
        }
        for range in ranges {
            for parts in [1, 2, 3, 4, 5, 7, 8, 10, 16, 33, 100, 1_000] {
                let shards = (0..<parts).map { range.shard($0, of: parts) }
                #expect(shards.reduce(0) { $0 + $1.count } == range.count, "\(range) in \(parts)")
                var next = range.first
                for shard in shards where !shard.isEmpty {
                    #expect(shard.first == next, "\(range) in \(parts): a gap or an overlap before \(shard)")
                    next = shard.first &+ shard.count
                }
                let sizes = shards.map(\.count)
                #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1, "\(range) in \(parts): uneven \(sizes.prefix(5))")
            }
        }
    }

    @Test func smallShardsListTheirSeeds() {
        let range = SeedRange(first: 10, count: 7)
        let seeds = (0..<3).map { Array(range.shard($0, of: 3).seeds) }
        #expect(seeds == [[10, 11], [12, 13], [14, 15, 16]])
        #expect(Array(SeedRange(first: 5, count: 2).shard(2, of: 4).seeds) == [])
    }

    @Test func chunksCoverTheRangeInOrder() {
        for count: UInt64 in [1, 15, 16, 17, 100] {
            let range = SeedRange(first: 3, count: count)
            let chunks = (0..<range.chunkCount(of: 16)).map { range.chunk($0, of: 16) }
            #expect(chunks.flatMap { Array($0.seeds) } == Array(range.seeds))
            #expect(chunks.allSatisfy { (1...16).contains($0.count) })
        }
    }

    @Test func shardFlagIsParsedOrRefusedNamingTheFlag() throws {
        #expect(try ShardSpec.parse("0/4").get() == ShardSpec(index: 0, parts: 4))
        #expect(try ShardSpec.parse("3/4").get() == ShardSpec(index: 3, parts: 4))
        for bad in ["4/4", "-1/4", "1/0", "x/2", "1", "1/2/3", "", "0/1000001"] {
            guard case let .failure(error) = ShardSpec.parse(bad) else {
                Issue.record("'\(bad)' was accepted")
                continue
            }
            #expect(error.description.hasPrefix("--shard"), "\(error)")
        }
    }
}

@Suite struct FuzzRecordTests {
    @Test func recordsRoundTripThroughTheirJSONLine() throws {
        let record = FuzzRecord(seed: UInt64.max, passed: false, nodes: 5, faults: 12, traceHash: "0123456789abcdef", nodesMax: 8,
                                detail: "liveness: \"run-1\" not complete\nby 3h")
        #expect(!record.jsonLine.contains("\n"))
        #expect(try FuzzRecord.parse(jsonLine: record.jsonLine).get() == record)
        #expect(record.reproduceCommand == "aureon fuzz --seeds 1 --start \(UInt64.max) --nodes-max 8")
    }

    @Test func badLinesNameTheKey() {
        let cases = [
            ("{\"passed\":true,\"trace_hash\":\"a\",\"nodes_max\":8}", "seed"),
            ("{\"seed\":\"one\",\"passed\":true,\"trace_hash\":\"a\",\"nodes_max\":8}", "seed"),
            ("{\"seed\":1,\"trace_hash\":\"a\",\"nodes_max\":8}", "passed"),
            ("{\"seed\":1,\"passed\":true,\"nodes_max\":8}", "trace_hash"),
            ("fuzz: 20 seeds from 1, 0 failed", "record"),
        ]
        for (line, key) in cases {
            guard case let .failure(error) = FuzzRecord.parse(jsonLine: line) else {
                Issue.record("accepted \(line)")
                continue
            }
            #expect(error.message.hasPrefix("\(key):"), "\(error)")
        }
    }
}

@Suite struct FuzzReportTests {
    static func record(_ seed: UInt64, passed: Bool = true, hash: String = "00000000000000aa") -> FuzzRecord {
        FuzzRecord(seed: seed, passed: passed, nodes: 3, faults: 1, traceHash: hash, nodesMax: 4, detail: passed ? "" : "exactly-once: broken")
    }

    @Test func summaryCountsFailuresAndFoldsEveryHash() {
        var report = FuzzReport()
        #expect(report.add(Self.record(5)).isEmpty)
        #expect(report.add(Self.record(6, passed: false)) == ["FAIL seed 6: exactly-once: broken",
                                                             "  reproduce: aureon fuzz --seeds 1 --start 6 --nodes-max 4"])
        #expect(report.summary.hasPrefix("fuzz: 2 seeds from 5, 1 failed, campaign hash "))
        #expect(!report.passed)

        var other = FuzzReport()
        _ = other.add(Self.record(5))
        _ = other.add(Self.record(6, passed: false, hash: "00000000000000ab"))
        #expect(other.summary != report.summary, "a different trace hash must change the campaign hash")
    }

    @Test func missingSeedsAreReported() {
        var report = FuzzReport()
        for seed: UInt64 in [1, 2, 5, 6, 9] { _ = report.add(Self.record(seed)) }
        #expect(report.missing == 4 && report.firstMissing == 3)
        #expect(report.summary.hasPrefix("fuzz: 5 seeds from 1 to 9, 4 missing (first 3), 0 failed"))
        #expect(!report.passed)
        #expect(FuzzReport().summary == "fuzz: 0 seeds, 0 failed")
    }

    /// A lost first or last shard leaves no gap between the records that are there: only the
    /// campaign's bounds show it.
    @Test func seedsMissingAtTheCampaignsEndsAreReported() {
        var middle = FuzzReport()
        for seed: UInt64 in 4...6 { _ = middle.add(Self.record(seed)) }
        #expect(middle.passed, "without the campaign's bounds nothing is missing")
        middle.expectCampaign(first: 1, last: 9)
        #expect(middle.missing == 6 && middle.firstMissing == 1)
        #expect(middle.summary.hasPrefix("fuzz: 3 seeds from 1 to 9, 6 missing (first 1), 0 failed"))

        var lastLost = FuzzReport()
        for seed: UInt64 in 1...6 { _ = lastLost.add(Self.record(seed)) }
        lastLost.expectCampaign(first: 1, last: 9)
        #expect(lastLost.missing == 3 && lastLost.firstMissing == 7 && !lastLost.passed)

        var whole = FuzzReport()
        for seed: UInt64 in 1...9 { _ = whole.add(Self.record(seed)) }
        whole.expectCampaign(first: 1, last: 9)
        #expect(whole.passed && whole.missing == 0)

        var none = FuzzReport()
        none.expectCampaign(first: 1, last: 2)
        #expect(none.missing == 2 && !none.passed)
    }
}
