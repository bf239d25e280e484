import AureonCluster
import AureonEngine

/// "When did this outcome become inevitable?" From each moment of a recorded branch, the
/// future is re-run `variants` times with fresh randomness (every stream reseeded from a
/// ``VariantSeed``; recorded operator actions and scheduled actions kept), and the share of
/// re-runs in which the outcome happens is the outcome's probability at that moment.
///
/// No I/O and no threads here: the caller splits the variants over workers with
/// ``Worker``, each owning its own simulations, and merges their counts with ``report(_:)``.
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
        guard start <= end else { throw InputError("--from: \(start) is after --to \(end)") }
        guard end <= recording.endTime else { throw InputError("--to: \(end) is after the recording's end (\(recording.endTime))") }
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
        while !player.isFinished {
            guard player.advance(to: recording.endTime, maxEvents: 1) > 0 || !player.isFinished else { break }
            if outcome.holds(in: player.simulation) { return player.simulation.now }
        }
        return nil
    }

    /// One worker's share: it replays the branch once to take a snapshot at every moment, then
    /// re-runs the futures of the items it is given. Not thread-safe; one per thread.
    public final class Worker {
        let analysis: CausalityAnalysis
        private var snapshots: [SimulationSnapshot] = []
        private let simulation: ClusterSimulation
        private let interactive: [PerformedAction]

        public init(_ analysis: CausalityAnalysis) throws(InputError) {
            self.analysis = analysis
            let player = try RecordingPlayer(recording: analysis.recording)
            for moment in analysis.moments {
                player.advance(to: moment)
                snapshots.append(player.simulation.snapshot())
            }
            simulation = player.simulation
            interactive = analysis.recording.actions.filter { $0.origin == .interactive }
        }

        /// Whether the outcome happens in variant `variant` of the future from moment `index`.
        public func run(moment index: Int, variant: Int) -> Bool {
            let moment = analysis.moments[index]
            simulation.restore(snapshots[index])
            let outcome = analysis.outcome
            if outcome.holds(in: simulation) { return true }
            simulation.reseed(VariantSeed.derive(seed: analysis.recording.configuration.seed, branch: analysis.branch,
                                                 moment: moment, variant: variant))
            var next = simulation.performedActions.filter { $0.origin == .interactive }.count
            let horizon = max(analysis.recording.endTime, outcome.decidedBy ?? .zero)
            let chunk = 512
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
                let processed = simulation.advance(to: stop, maxEvents: chunk)
                budget -= max(1, processed)
                if processed == 0, simulation.now >= stop, next == interactive.count { break }
            }
            return outcome.holds(in: simulation)
        }
    }

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

/// What `aureon explore` prints.
public struct CausalityReport: Sendable {
    public struct Point: Sendable {
        public let time: VirtualTime
        public let successes: Int
        public let probability: Double
        public let low: Double
        public let high: Double
    }

    public let outcome: String
    public let branch: String
    public let variants: Int
    public let threshold: Double
    public let points: [Point]
    public let outcomeFirstAt: VirtualTime?
    public let inevitableAt: VirtualTime?

    public var json: String {
        JSONText.object([
            ("outcome", JSONText.string(outcome)), ("branch", JSONText.string(branch)), ("variants", String(variants)),
            ("threshold", JSONText.number(threshold)),
            ("moments", JSONText.array(points.map { point in
                JSONText.object([
                    ("t_us", String(point.time.microseconds)), ("probability", JSONText.number(Self.rounded(point.probability))),
                    ("low", JSONText.number(Self.rounded(point.low))), ("high", JSONText.number(Self.rounded(point.high))),
                ])
            })),
            ("outcome_first_at_us", outcomeFirstAt.map { String($0.microseconds) } ?? "null"),
            ("inevitable_at_us", inevitableAt.map { String($0.microseconds) } ?? "null"),
        ])
    }

    /// Width of the chart's bars, in cells.
    public static let barWidth = 40

    /// A line per moment: clock, bar (the interval's span shaded), probability and interval.
    public var chart: String {
        var lines = ["outcome \(outcome) on branch \(branch) · \(variants) variants per moment",
                     "TIME       P(outcome)  0 \(String(repeating: " ", count: Self.barWidth - 4)) 1"]
        for point in points {
            let filled = Int((point.probability * Double(Self.barWidth)).rounded())
            let lowCell = Int((point.low * Double(Self.barWidth)).rounded()), highCell = Int((point.high * Double(Self.barWidth)).rounded())
            let bar = (0..<Self.barWidth).map { cell -> String in
                if cell < filled { return "█" }
                return cell >= lowCell && cell < highCell ? "░" : "·"
            }.joined()
            var line = "\(DurationFormat.clock(point.time))   |\(bar)| \(Self.fixed(point.probability)) [\(Self.fixed(point.low)), \(Self.fixed(point.high))]"
            if point.time == inevitableAt { line += "  ◀ inevitable" }
            if point.time == outcomeFirstAt { line += "  ◀ happened" }
            lines.append(line)
        }
        lines.append("happened at: " + (outcomeFirstAt.map(DurationFormat.clock) ?? "never in the recording"))
        lines.append("inevitable (p ≥ \(Self.fixed(threshold)) from then on) at: " + (inevitableAt.map(DurationFormat.clock) ?? "not within the moments probed"))
        return lines.joined(separator: "\n")
    }

    static func rounded(_ value: Double) -> Double { (value * 1_000_000).rounded() / 1_000_000 }
    static func fixed(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}
