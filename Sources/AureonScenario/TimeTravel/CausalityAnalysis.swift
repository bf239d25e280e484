import AureonCluster
import AureonEngine

/// "When did this outcome become inevitable?" From each moment of a recorded branch, the
/// future is re-run `variants` times with fresh randomness (every stream reseeded from a
/// ``VariantSeed``; recorded operator actions and scheduled actions kept), and the share of
/// re-runs in which the outcome happens is the outcome's probability at that moment.
///
/// No I/O and no threads here. A ``Runner`` re-runs single variants — `aureon explore` gives
/// each worker process one and splits the (moment, variant) items over them, the console
/// runs a few items per frame — and ``report(_:)`` turns the counts into the result. Each
/// item's answer depends only on the recording and its (moment, variant), so how the items are
/// split never changes the report.
public struct CausalityAnalysis: Sendable {
    public let recording: Recording
    public let branch: String
    public let outcome: OutcomePredicate
    public let variants: Int
    public let threshold: Double
    /// The moments probed, ascending (the grid, plus the moment the outcome happened).
    public let moments: [VirtualTime]
    /// When the outcome happened in the recorded history, if it did.
    public let outcomeFirstAt: VirtualTime?

    public static let momentLimit = 10_000
    public static let variantLimit = 100_000
    /// Events one variant may process: a runaway future is cut there (and counts as it stands).
    public static let variantEventLimit = 50_000_000

    /// Plans the analysis: replays the branch once to find when the outcome first happened.
    public init(recording whole: Recording, branch: String, outcome: OutcomePredicate, from: VirtualTime?, to: VirtualTime?,
                step: VirtualDuration?, variants: Int, threshold: Double = 0.95) throws(InputError) {
        guard let recording = whole.flattened(branch: branch) else {
            throw InputError("--branch: no branch '\(branch)' (the recording has: \(whole.allBranches.map(\.name).joined(separator: ", ")))")
        }
        guard (1...Self.variantLimit).contains(variants) else { throw InputError("--variants: must be between 1 and \(Self.variantLimit)") }
        let start = from ?? .zero, end = to ?? recording.endTime
        guard start <= end else {
            throw InputError("--from: \(start) is after " + (to == nil ? "the branch's end (\(end))" : "--to \(end)"))
        }
        guard end <= recording.endTime else { throw InputError("--to: \(end) is after the branch's end (\(recording.endTime))") }
        let span = end - start
        let stride = step ?? max(.microseconds(1), span / 20)
        guard stride > .zero else { throw InputError("--step: must be longer than zero") }
        guard span.microseconds / stride.microseconds < Int64(Self.momentLimit) else {
            throw InputError("--step: more than \(Self.momentLimit) moments between --from and --to")
        }
        self.recording = recording
        self.branch = branch
        self.outcome = outcome
        self.variants = variants
        self.threshold = threshold
        outcomeFirstAt = try Self.firstOccurrence(of: outcome, in: recording)
        var grid: [VirtualTime] = []
        var moment = start
        while moment <= end {
            grid.append(moment)
            moment = moment + stride
        }
        if let first = outcomeFirstAt, first >= start, first <= end, !grid.contains(first) { grid.append(first) }
        moments = grid.sorted()
    }

    /// Work items: (moment index, variant index), moment-major.
    public var itemCount: Int { moments.count * variants }

    /// Replays the recorded history event by event until the outcome holds.
    private static func firstOccurrence(of outcome: OutcomePredicate, in recording: Recording) throws(InputError) -> VirtualTime? {
        let player = try RecordingPlayer(recording: recording)
        if outcome.holds(in: player.simulation) { return player.simulation.now }
        // Each step runs one event or reaches the end; the actions are a bound's margin.
        var steps = recording.endEventCount + recording.actions.count + 1
        while !player.isFinished, steps > 0 {
            steps -= 1
            player.advance(to: recording.endTime, maxEvents: 1)
            if outcome.holds(in: player.simulation) { return player.simulation.now }
        }
        return nil
    }

    /// Re-runs variants of the future from the analysis's moments, one at a time, in one
    /// simulation that it restores from a snapshot per moment. Not for sharing between
    /// threads (the simulation is single-threaded); a process or a console owns one.
    public final class Runner {
        public let analysis: CausalityAnalysis
        private let simulation: ClusterSimulation
        /// The branch's state at each moment of ``CausalityAnalysis/moments``.
        private let snapshots: [SimulationSnapshot]
        /// The branch's operator actions (scheduled ones are in the simulation's own queue).
        private let interactive: [PerformedAction]
        /// For each moment, how many of ``interactive`` had been applied by then.
        private let appliedAt: [Int]

        /// Replays the branch once, taking a snapshot at every moment.
        public init(_ analysis: CausalityAnalysis) throws(InputError) {
            self.analysis = analysis
            let player = try RecordingPlayer(recording: analysis.recording)
            var snapshots: [SimulationSnapshot] = []
            var appliedAt: [Int] = []
            for moment in analysis.moments {
                player.advance(to: moment)
                snapshots.append(player.simulation.snapshot())
                appliedAt.append(player.simulation.performedActions.count { $0.origin == .interactive })
            }
            simulation = player.simulation
            self.snapshots = snapshots
            self.appliedAt = appliedAt
            interactive = analysis.recording.actions.filter { $0.origin == .interactive }
        }

        /// Whether the outcome happens in variant `variant` of the future from moment `index`
        /// (an index into ``CausalityAnalysis/moments``).
        public func run(moment index: Int, variant: Int) -> Bool {
            precondition(analysis.moments.indices.contains(index) && (0..<analysis.variants).contains(variant), "no such item")
            let moment = analysis.moments[index]
            simulation.restore(snapshots[index])
            let outcome = analysis.outcome
            if outcome.holds(in: simulation) { return true }
            simulation.reseed(VariantSeed.derive(seed: analysis.recording.configuration.seed, branch: analysis.branch,
                                                 moment: moment, variant: variant))
            var next = appliedAt[index]
            let horizon = max(analysis.recording.endTime, outcome.decidedBy ?? .zero)
            var budget = CausalityAnalysis.variantEventLimit
            while budget > 0 {
                if outcome.holds(in: simulation) { return true }
                if next == interactive.count, simulation.isIdle || simulation.now >= horizon { break }
                if next < interactive.count, simulation.now >= interactive[next].time {
                    // The future differs: act at the recorded time, after what has happened by then.
                    let action = interactive[next]
                    simulation.advance(toPosition: action.time, eventCount: action.afterEvents)
                    try? simulation.perform(action.action)
                    next += 1
                    continue
                }
                let stop = next < interactive.count ? min(horizon, interactive[next].time) : horizon
                let processed = simulation.advance(to: stop, maxEvents: CausalityAnalysis.eventsBetweenChecks)
                budget -= max(1, processed)
                if processed == 0, simulation.now >= stop, next == interactive.count { break }
            }
            return outcome.holds(in: simulation)
        }

        /// How many of variants `variants` of the future from moment `index` see the outcome.
        public func count(moment index: Int, variants: Range<Int>) -> Int {
            variants.count { run(moment: index, variant: $0) }
        }
    }

    /// Events a variant processes between two looks at the outcome: a variant stops soon after
    /// its outcome holds, and looking costs little next to this many events.
    static let eventsBetweenChecks = 512

    /// The result, from the number of variants in which the outcome happened, per moment.
    public func report(_ successes: [Int]) -> CausalityReport {
        precondition(successes.count == moments.count)
        let points = zip(moments, successes).map { moment, count in
            let interval = WilsonInterval(successes: count, trials: variants)
            return CausalityReport.Point(time: moment, successes: count, probability: Double(count) / Double(variants),
                                         low: interval.low, high: interval.high)
        }
        // Inevitable from the earliest moment after which every probability stays at or above
        // the threshold.
        var inevitable: VirtualTime?
        for point in points.reversed() {
            guard point.probability >= threshold else { break }
            inevitable = point.time
        }
        return CausalityReport(outcome: outcome.description, branch: branch, variants: variants, threshold: threshold, points: points,
                               outcomeFirstAt: outcomeFirstAt, inevitableAt: inevitable)
    }
}
