extension BenchMeasurer {
    /// Largest cluster the benchmark campaign draws (the fuzzer's default).
    static let fuzzNodesMax = FuzzCommand.defaultNodesMax

    func fuzzArguments(jobs: Int) -> [String] {
        ["fuzz", "--seeds", String(fuzzSeeds), "--start", String(FuzzCommand.defaultStart), "--nodes-max", String(Self.fuzzNodesMax),
         "--jobs", String(jobs)]
    }

    /// Fuzz seeds per second in one process (`--jobs 1`) and in two workers (`--jobs 2`), from
    /// the whole process's wall time (worker start-up included), their ratio, and whether every
    /// run printed the same report (stdout; the timing goes to stderr). Under callgrind, the
    /// instructions of `--jobs 1` only: valgrind follows one process, and two workers' counts
    /// would not add up to the campaign's cost. The two are run in turn (1, 2, 1, 2, …) so that
    /// on a shared machine both see the same load and their ratio means something.
    func fuzz() throws -> BenchRow {
        var single: [ChildRun] = [], double: [ChildRun] = []
        for _ in 0..<repetitions {
            single += try timedRuns(fuzzArguments(jobs: 1), count: 1)
            double += try timedRuns(fuzzArguments(jobs: 2), count: 1)
            if single.last?.status != 0 || double.last?.status != 0 { break }
        }
        let all = single + double
        let identical = all.allSatisfy { $0.status == all[0].status && $0.output == all[0].output }
        let seeds = Double(fuzzSeeds)
        let one = Self.fastest(single)?.wallSeconds, two = Self.fastest(double)?.wallSeconds
        let counted = try callgrind?.instructions(fuzzArguments(jobs: 1))
        let campaignHash = all[0].output.firstMatch(of: /campaign hash ([0-9a-f]+)/).map { String($0.1) }
        let command = BenchRow.commandLine(fuzzArguments(jobs: 1)) + " (and --jobs 2)"
        let status = Self.verdict(all + (counted.map { [$0.run] } ?? []))
        return BenchRow(name: .fuzz, command: command, status: identical ? status : "reports differ; " + status, figures: [
            .integer("seeds", "seeds", fuzzSeeds),
            .decimal("jobs1_wall_seconds", "jobs 1 wall s", one, places: 3),
            .decimal("jobs1_seeds_per_second", "jobs 1 seeds/s", BenchFigure.ratio(seeds, one), places: 0),
            .decimal("jobs2_wall_seconds", "jobs 2 wall s", two, places: 3),
            .decimal("jobs2_seeds_per_second", "jobs 2 seeds/s", BenchFigure.ratio(seeds, two), places: 0),
            .decimal("speedup", "speed-up", BenchFigure.ratio(one, two), places: 2),
            .flag("reports_identical", "same report", identical),
            .text("campaign_hash", "campaign hash", campaignHash),
            .bytes("jobs1_peak_rss_bytes", "jobs 1 RSS MiB", Self.fastest(single)?.peakRSSBytes),
            .bytes("jobs2_peak_rss_bytes", "jobs 2 RSS MiB", Self.fastest(double)?.peakRSSBytes),
            .millions("jobs1_instructions", "jobs 1 instr M", counted?.count),
            .decimal("jobs1_instructions_per_seed", "instr/seed", BenchFigure.ratio(counted?.count.map(Double.init), seeds), places: 0),
        ])
    }
}
