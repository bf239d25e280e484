import AureonCluster
import AureonEngine
import AureonScenario

/// Causality analysis run inside the console: the same per-(moment, variant) items as
/// `aureon explore`, a few per frame so the console stays responsive, moment by moment from
/// the left so the probability is drawn over the timeline as it fills in.
final class ConsoleCausality {
    /// The analysis' single-threaded item runner (one per analysis; it owns its simulations).
    typealias Runner = CausalityAnalysis.Runner

    let analysis: CausalityAnalysis
    private let runner: Runner
    /// Variants in which the outcome happened, per moment.
    private(set) var successes: [Int]
    /// Items run so far (moment-major).
    private(set) var itemsDone = 0

    /// Variants per moment: enough to tell likely from unlikely at a glance.
    static let variants = 10
    /// Items run per frame.
    static let itemsPerFrame = 2

    init(_ analysis: CausalityAnalysis) throws(InputError) {
        self.analysis = analysis
        runner = try Runner(analysis)
        successes = Array(repeating: 0, count: analysis.moments.count)
    }

    var isFinished: Bool { itemsDone == analysis.itemCount }

    /// Runs the next few items.
    func advance() {
        for _ in 0..<Self.itemsPerFrame where !isFinished {
            let moment = itemsDone / analysis.variants
            if runner.run(moment: moment, variant: itemsDone % analysis.variants) { successes[moment] += 1 }
            itemsDone += 1
        }
    }

    /// The report, once every item has run.
    var report: CausalityReport? { isFinished ? analysis.report(successes) : nil }

    /// The probability at the latest finished moment at or before `time` (nil before the first).
    func probability(at time: VirtualTime) -> Double? {
        let finishedMoments = itemsDone / analysis.variants
        guard let index = analysis.moments.prefix(finishedMoments).lastIndex(where: { $0 <= time }) else { return nil }
        return Double(successes[index]) / Double(analysis.variants)
    }
}
