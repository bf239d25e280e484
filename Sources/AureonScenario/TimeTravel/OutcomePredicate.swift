import AureonCluster
import AureonEngine

/// What causality analysis asks about a history, in the words of the expectation vocabulary:
///
/// - `COUNTER > N` or `COUNTER >= N`, a counter of the summary (`dead_lettered`, `redeliveries`, …)
/// - `invariant_violated`
/// - `run_late RUN DURATION`: the run has not completed by that virtual time
///
/// Each is monotone — once it holds it holds for the rest of the history — so "when did it
/// happen" is well defined and a variant can stop as soon as it holds.
public enum OutcomePredicate: Sendable, Equatable, CustomStringConvertible {
    case counterAbove(Counter, atLeast: Int)
    case invariantViolated
    case runLate(RunID, by: VirtualDuration)

    /// The counters a predicate may name (the names `simulate --json` prints).
    public enum Counter: String, Sendable, CaseIterable {
        case deadLettered = "dead_lettered", redeliveries, resumedFromCheckpoint = "resumed_from_checkpoint"
        case staleWritesRejected = "stale_writes_rejected", leasesExpired = "leases_expired", leasesAbandoned = "leases_abandoned"
        case refusedRuns = "refused_runs", shardsCommitted = "shards_committed", invariantViolations = "invariant_violations"

        func value(in simulation: ClusterSimulation) -> Int {
            let counters = simulation.counters
            return switch self {
            case .deadLettered: counters.deadLettered
            case .redeliveries: counters.redeliveries
            case .resumedFromCheckpoint: counters.resumedFromCheckpoint
            case .staleWritesRejected: counters.staleWritesRejected
            case .leasesExpired: counters.leasesExpired
            case .leasesAbandoned: counters.leasesAbandoned
            case .refusedRuns: counters.runsRefused
            case .shardsCommitted: counters.commits
            case .invariantViolations: simulation.checker.violationCount
            }
        }
    }

    /// Parses the `--outcome` text; errors name the flag.
    public static func parse(_ text: String, flag: String = "--outcome") throws(InputError) -> OutcomePredicate {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let forms = "COUNTER > N, COUNTER >= N, invariant_violated or run_late RUN DURATION"
        func fail(_ problem: String) -> InputError { InputError("\(flag): \(problem)") }
        guard let head = words.first else { throw fail("empty (expected \(forms))") }
        if head == "invariant_violated" {
            guard words.count == 1 else { throw fail("invariant_violated takes no arguments") }
            return .invariantViolated
        }
        if head == "run_late" {
            guard words.count == 3 else { throw fail("run_late needs a run and a duration (run_late rqml-run-001 10m)") }
            guard let bound = DurationFormat.parse(words[2]), bound > .zero else { throw fail("'\(words[2])' is not a positive duration") }
            return .runLate(RunID(words[1]), by: bound)
        }
        guard let counter = Counter(rawValue: head) else {
            throw fail("unknown outcome '\(head)' (expected \(forms); counters: \(Counter.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard words.count == 3, let bound = Int(words[2]), bound >= 0, bound <= ExpectationKeys.maxCount else {
            throw fail("expected '\(head) > N' or '\(head) >= N' with N a count")
        }
        switch words[1] {
        case ">": return .counterAbove(counter, atLeast: bound + 1)
        case ">=": return .counterAbove(counter, atLeast: bound)
        default: throw fail("'\(words[1])' is not > or >= (outcomes are things that happen, so only these two)")
        }
    }

    /// Whether the outcome has happened by now.
    public func holds(in simulation: ClusterSimulation) -> Bool {
        switch self {
        case let .counterAbove(counter, bound): return counter.value(in: simulation) >= bound
        case .invariantViolated: return simulation.checker.violationCount > 0
        case let .runLate(run, bound):
            guard simulation.now >= .zero + bound else { return false }
            guard let completed = simulation.run(named: run)?.completedAt else { return true }
            return completed > .zero + bound
        }
    }

    /// The virtual time a history must reach before the outcome is decided (beyond the
    /// recording's end, if need be).
    var decidedBy: VirtualTime? {
        if case let .runLate(_, bound) = self { return .zero + bound }
        return nil
    }

    public var description: String {
        switch self {
        case let .counterAbove(counter, bound): "\(counter.rawValue) >= \(bound)"
        case .invariantViolated: "invariant_violated"
        case let .runLate(run, bound): "run_late \(run) \(DurationFormat.compact(bound))"
        }
    }
}
