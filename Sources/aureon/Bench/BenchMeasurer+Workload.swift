import AureonScenario
import Foundation

extension BenchMeasurer {
    /// The child's arguments for a workload row: a shipped benchmark scenario, or the
    /// 100,000-node case (100,000 nodes × concurrency 1,024, one run of 1,000 one-item shards).
    func workloadArguments(_ name: BenchRowName) throws -> [String] {
        guard let file = name.scenarioFile else {
            return ["simulate", "--nodes", "100000", "--concurrency", "1024", "--items", "1000", "--shard-size", "1",
                    "--iterations", "1", "--json"]
        }
        // As typed (relative stays relative), so the row's command can be pasted as it is.
        let scenario = demoDirectory.hasSuffix("/") ? demoDirectory + file : demoDirectory + "/" + file
        guard FileManager.default.fileExists(atPath: scenario) else {
            throw InputError("\(scenario): benchmark scenario not found (run from the repository root or pass --demo-dir)")
        }
        return ["simulate", "--scenario", scenario, "--json"]
    }

    /// A whole `simulate --json` run: wall, events, throughput, peak RSS, trace hash, and the
    /// cost per shard (events, µs and bytes of peak RSS; instructions under callgrind).
    func workload(_ name: BenchRowName) throws -> BenchRow {
        let arguments = try workloadArguments(name)
        let runs = try timedRuns(arguments, count: repetitions)
        // A failed run is reported as it went (its status says it failed): what a run takes
        // today matters even when it does not finish, as for the 100k-node row.
        let best = Self.fastest(runs) ?? runs.last
        let summary = best?.jsonObject ?? [:]
        let shards = summary["shards_total"] as? Int
        let events = summary["events_processed"] as? Int
        let wall = best?.wallSeconds
        let peak = best?.peakRSSBytes
        let counted = try callgrind?.instructions(arguments)
        let perShard = { (value: Double?) in BenchFigure.ratio(value, shards.map(Double.init)) }
        return BenchRow(name: name, command: BenchRow.commandLine(arguments), status: Self.verdict(runs + (counted.map { [$0.run] } ?? [])), figures: [
            .integer("nodes", "nodes", summary["nodes"] as? Int),
            .integer("shards", "shards", shards),
            .decimal("wall_seconds", "wall s", wall, places: 3),
            .integer("events", "events", events),
            .decimal("events_per_second", "events/s", BenchFigure.ratio(events.map(Double.init), wall), places: 0),
            .bytes("peak_rss_bytes", "peak RSS MiB", peak),
            .decimal("events_per_shard", "events/shard", perShard(events.map(Double.init)), places: 2),
            .decimal("us_per_shard", "µs/shard", perShard(wall.map { $0 * 1_000_000 }), places: 2),
            .decimal("peak_rss_bytes_per_shard", "RSS B/shard", perShard(peak.map(Double.init)), places: 0),
            .millions("instructions", "instr M", counted?.count),
            .decimal("instructions_per_shard", "instr/shard", perShard(counted?.count.map(Double.init)), places: 0),
            .text("trace_hash", "trace hash", summary["trace_hash"] as? String),
        ])
    }
}
