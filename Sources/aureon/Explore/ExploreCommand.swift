import ArgumentParser
import AureonScenario

/// `aureon explore RECORDING --outcome PREDICATE`: causality analysis. From each moment of a
/// recorded branch the future is re-run `--variants` times with fresh randomness, and the
/// share in which the outcome happens is charted over time, with the moment it became
/// inevitable. The variants run in worker processes (`--jobs`, every core by default); the
/// report is the same whatever the number of workers.
struct ExploreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore",
        abstract: "When did an outcome become inevitable? Re-run a recording's future from each moment with fresh randomness."
    )

    static let defaultThreshold = 0.95

    @OptionGroup var options: ExploreOptions
    @Option(name: .long, help: "Worker processes (1…\(WorkerPool.maximumWorkers); default: one per online core). 1 runs in this process.")
    var jobs: Int?
    @Option(name: .long, help: "Probability from which on the outcome counts as inevitable (above 0, at most 1; default 0.95).")
    var threshold: Double?
    @Flag(name: .long, help: "Print the result as one JSON object.")
    var json = false

    func run() throws {
        let jobs = jobs ?? WorkerPool.onlineCores
        guard (1...WorkerPool.maximumWorkers).contains(jobs) else {
            throw InputError("--jobs must be between 1 and \(WorkerPool.maximumWorkers) (got \(jobs))")
        }
        let threshold = threshold ?? Self.defaultThreshold
        guard threshold > 0, threshold <= 1 else { throw InputError("--threshold must be above 0 and at most 1 (got \(threshold))") }
        let analysis = try options.analysis(threshold: threshold)
        let successes = try ExploreCampaign(analysis: analysis, options: options, jobs: jobs).run()
        let report = analysis.report(successes)
        print(json ? report.json : report.chart)
    }
}
