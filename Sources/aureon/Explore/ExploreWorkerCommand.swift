import ArgumentParser
import AureonEngine
import AureonScenario

/// `aureon explore-worker` (hidden): a ``WorkerPool`` worker of `aureon explore --jobs N`. It
/// plans the same analysis as its parent from the same flags, replays the branch once, then
/// answers each request line "MOMENT T_US FIRST COUNT" with one line: the outcome of each of
/// those variants, `1` or `0`, in variant order.
struct ExploreWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore-worker",
        abstract: "A worker process of aureon explore --jobs (reads (moment, variants) requests on stdin).",
        shouldDisplay: false
    )

    @OptionGroup var options: ExploreOptions

    /// The request for variants `variants` of moment `index` (at `time`, so that a worker that
    /// planned different moments — the file changed under it — is caught, not believed).
    static func request(moment index: Int, at time: VirtualTime, variants: Range<Int>) -> String {
        "\(index) \(time.microseconds) \(variants.lowerBound) \(variants.count)"
    }

    /// The reply: each variant's outcome as one character, `1` when it happened.
    static func replyLine(_ outcomes: [Bool]) -> String { String(outcomes.map { $0 ? "1" : "0" }) }

    func run() throws {
        let runner = try CausalityAnalysis.Runner(try options.analysis())
        let moments = runner.analysis.moments
        try WorkerService.serve { request, reply in
            let fields = request.split(separator: " ").map { Int64($0) }
            guard fields.count == 4, let index = fields[0].map(Int.init), let time = fields[1], let first = fields[2].map(Int.init),
                  let count = fields[3].map(Int.init), moments.indices.contains(index), moments[index].microseconds == time,
                  count >= 1, count <= ExploreCampaign.variantsPerRequest, first >= 0, first + count <= runner.analysis.variants else {
                throw InputError("explore-worker: '\(request)' is not 'MOMENT T_US FIRST COUNT' for a moment and variants of this analysis")
            }
            reply(Self.replyLine((first..<first + count).map { runner.run(moment: index, variant: $0) }))
        }
    }
}
