import ArgumentParser
import AureonScenario
import Foundation

/// `aureon fuzz`: random clusters and fault schedules, one per seed, checked for every invariant
/// and for liveness after the faults stop. Each failure prints the command that reproduces it.
///
/// Seeds run in worker processes (`--jobs`, every core by default) and the report is built in
/// seed order, so it is the same whatever the number of workers; `--shard K/N --jsonl` runs one
/// part of a campaign and prints one JSON line per seed, and `--report FILE...` merges such
/// files (from many machines) into the report the whole campaign would have printed.
struct FuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Fuzz the simulation with random fault schedules (VOPR-style), on every core or in shards."
    )

    static let defaultSeeds = 100
    static let defaultStart: UInt64 = 1
    static let defaultNodesMax = 8
    static let seedLimit = 1...1_000_000_000

    @Option(name: .long, help: "How many seeds to run (default 100).")
    var seeds: Int?
    @Option(name: .long, help: "First seed (default 1).")
    var start: UInt64?
    @Option(name: .customLong("nodes-max"), help: "Largest cluster to draw (2…64, default 8).")
    var nodesMax: Int?
    @Option(name: .long, help: "Worker processes (1…\(WorkerPool.maximumWorkers); default: one per online core). 1 runs in this process.")
    var jobs: Int?
    @Option(name: .long, help: "Run only part K of N (K counts from 0), e.g. 0/4: the parts are disjoint and together are the whole campaign.")
    var shard: String?
    @Flag(name: .customLong("jsonl"), help: "Print one JSON line per seed (the summary goes to stderr), for --report.")
    var jsonLines = false
    @Option(name: .long, parsing: .upToNextOption,
            help: "Merge JSON lines files (from --jsonl) into one report instead of running seeds; with --seeds (and --start), seeds of that campaign that no file holds count as missing.")
    var report: [String] = []

    func run() throws {
        if !report.isEmpty {
            guard nodesMax == nil, jobs == nil, shard == nil, !jsonLines else {
                throw InputError("--report merges finished results; it takes no --nodes-max, --jobs, --shard or --jsonl")
            }
            guard start == nil || seeds != nil else { throw InputError("--report: --start names a campaign only with --seeds") }
            let campaign = try seeds.map { try Self.campaignBounds(seeds: $0, start: start ?? Self.defaultStart) }
            let merged = try FuzzResultsReader.read(paths: report)
            var summary = FuzzReport()
            for record in merged {
                if let campaign, !campaign.contains(record.seed) {
                    throw InputError("--report: seed \(record.seed) is not in the campaign of --seeds \(seeds ?? 0) from \(campaign.lowerBound)")
                }
                summary.add(record).forEach { print($0) }
            }
            if let campaign { summary.expectCampaign(first: campaign.lowerBound, last: campaign.upperBound) }
            print(summary.summary)
            if !summary.passed { throw ExitCode(1) }
            return
        }
        let campaign = try campaign()
        let clock = ContinuousClock()
        let began = clock.now
        var summary = FuzzReport()
        try campaign.run { record in
            let lines = summary.add(record)
            if jsonLines { print(record.jsonLine) } else { lines.forEach { print($0) } }
        }
        let elapsed = began.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        if jsonLines { Self.printError(summary.summary) } else { print(summary.summary) }
        // Timing varies from run to run, so it stays out of the report (stdout).
        Self.printError("fuzz: \(campaign.jobs == 1 ? "1 process" : "\(campaign.jobs) workers"), "
                        + "\(String(format: "%.2f", seconds)) s wall, \(String(format: "%.0f", Double(summary.seeds) / max(seconds, 1e-9))) seeds/s")
        if !summary.passed { throw ExitCode(1) }
    }

    /// The seeds of a campaign of `seeds` seeds from `start`, the flags checked.
    private static func campaignBounds(seeds: Int, start: UInt64) throws -> ClosedRange<UInt64> {
        guard seedLimit.contains(seeds) else {
            throw InputError("--seeds must be between \(seedLimit.lowerBound) and \(seedLimit.upperBound) (got \(seeds))")
        }
        guard start <= UInt64.max - UInt64(seeds - 1) else { throw InputError("--start + --seeds runs past the largest seed") }
        return start...(start + UInt64(seeds - 1))
    }

    /// The campaign the flags ask for, every flag checked first.
    private func campaign() throws -> FuzzCampaign {
        let seeds = seeds ?? Self.defaultSeeds, start = start ?? Self.defaultStart, nodesMax = nodesMax ?? Self.defaultNodesMax
        _ = try Self.campaignBounds(seeds: seeds, start: start)
        guard (2...64).contains(nodesMax) else { throw InputError("--nodes-max must be between 2 and 64 (got \(nodesMax))") }
        let jobs = jobs ?? WorkerPool.onlineCores
        guard (1...WorkerPool.maximumWorkers).contains(jobs) else {
            throw InputError("--jobs must be between 1 and \(WorkerPool.maximumWorkers) (got \(jobs))")
        }
        var range = SeedRange(first: start, count: UInt64(seeds))
        if let shard {
            let spec = try ShardSpec.parse(shard).get()
            range = range.shard(spec.index, of: spec.parts)
        }
        return FuzzCampaign(range: range, nodesMax: nodesMax, jobs: jobs)
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
