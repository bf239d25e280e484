import AureonCluster
import AureonEngine

/// How a branch stands at its furthest point: what the branch list and the compare view show.
public struct BranchOutcome: Sendable, Equatable {
    public var shardsScheduled = 0
    public var committed = 0
    public var redeliveries = 0
    public var deadLettered = 0
    public var staleWritesRejected = 0
    public var leasesExpired = 0
    public var invariantViolations = 0
    /// When the last run completed, if every run has.
    public var completedAt: VirtualTime?

    public init() {}

    public init(of simulation: ClusterSimulation) {
        let counters = simulation.counters
        shardsScheduled = counters.shardsScheduled
        committed = counters.commits
        redeliveries = counters.redeliveries
        deadLettered = counters.deadLettered
        staleWritesRejected = counters.staleWritesRejected
        leasesExpired = counters.leasesExpired
        invariantViolations = simulation.checker.violationCount
        completedAt = simulation.isIdle ? simulation.runs.compactMap(\.completedAt).max() : nil
    }

    /// One line for the branch list: "812/1000 committed · 0 dead-lettered · done 05:45".
    public var summary: String {
        var parts = ["\(committed)/\(shardsScheduled) committed", "\(redeliveries) redelivered", "\(deadLettered) dead-lettered"]
        if invariantViolations > 0 { parts.append("\(invariantViolations) VIOLATIONS") }
        if let completedAt { parts.append("done \(completedAt)") }
        return parts.joined(separator: " · ")
    }
}

extension RunState {
    /// When the run completed, if it has.
    var completedAt: VirtualTime? {
        if case let .completed(at, _) = status { return at }
        return nil
    }
}
