import AureonScenario

/// Runs every (moment, variant) item of an analysis, in this process (`jobs` 1) or in a
/// ``WorkerPool`` of `aureon explore-worker` processes, and counts per moment the variants in
/// which the outcome happened. Each item's answer is a pure function of the recording and the
/// item, and the requests are fixed before any worker starts, so the counts never depend on
/// `jobs`.
struct ExploreCampaign {
    /// Variants per worker request: a request then takes a good fraction of a second (a
    /// variant re-runs a whole future), so the round trip is noise, and a moment's variants
    /// still spread over every worker.
    static let variantsPerRequest = 10

    let analysis: CausalityAnalysis
    let options: ExploreOptions
    let jobs: Int

    /// A worker's reply was not the outcomes of the variants it was asked for.
    struct BadReply: CommandFailure {
        let detail: String
        var description: String { "explore worker reply: \(detail)" }
    }

    /// One request's share of the work: variants `variants` of moment `moment`.
    struct Item {
        let moment: Int
        let variants: Range<Int>
    }

    var items: [Item] {
        analysis.moments.indices.flatMap { moment in
            stride(from: 0, to: analysis.variants, by: Self.variantsPerRequest).map { first in
                Item(moment: moment, variants: first..<min(analysis.variants, first + Self.variantsPerRequest))
            }
        }
    }

    /// Successes per moment, in the order of ``CausalityAnalysis/moments``.
    func run() throws -> [Int] {
        var successes = Array(repeating: 0, count: analysis.moments.count)
        let items = items
        guard jobs > 1 else {
            let runner = try CausalityAnalysis.Runner(analysis)
            for item in items { successes[item.moment] += runner.count(moment: item.moment, variants: item.variants) }
            return successes
        }
        let pool = WorkerPool(label: "explore worker", arguments: options.workerArguments, workers: jobs)
        try pool.run(requestCount: items.count, request: { index in
            let item = items[index]
            return ExploreWorkerCommand.request(moment: item.moment, at: analysis.moments[item.moment], variants: item.variants)
        }) { index, lines in
            let item = items[index]
            guard lines.count == 1, let line = lines.first, line.count == item.variants.count, line.allSatisfy({ $0 == "0" || $0 == "1" }) else {
                throw BadReply(detail: "no outcomes for variants \(item.variants) of moment \(item.moment) in '\(lines.joined(separator: " / "))'")
            }
            successes[item.moment] += line.count { $0 == "1" }
        }
        return successes
    }
}
