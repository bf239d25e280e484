import AureonCluster
import AureonEngine

/// One thing the drill grades: a predicate over the event stream and the cluster state.
public struct Objective: Sendable {
    public var name: String
    /// What the trainee reads in the objectives panel.
    public var text: String
    public var kind: ObjectiveKind
    public var points: Int
    /// Deducted when the objective fails (on top of not earning its points).
    public var penalty: Int
    public var required: Bool
    public var line: Int?
}

/// The objective vocabulary. *Goals* are met when something happens in time and fail when
/// the time passes; *guards* fail the moment they are broken and are met when the drill ends
/// without that having happened.
public enum ObjectiveKind: Sendable, Equatable {
    /// Goal: every run completes by this virtual time.
    case runsCompleteBy(VirtualDuration)
    /// Goal: the node is draining with no work in flight by this time.
    case drainedBy(NodeID, at: VirtualDuration)
    /// Goal: within `within` of the first disruption of the node (a fault on it or a kill by
    /// an inject), the trainee does one of `actions` to it.
    case respond(NodeID, actions: [ResponseAction], within: VirtualDuration)
    /// Guard: at most this many shards dead-lettered.
    case maxDeadLettered(Int)
    /// Guard: at most this many redeliveries.
    case maxRedeliveries(Int)
    /// Guard: at most this many leases expired.
    case maxLeasesExpired(Int)
    /// Guard: the trainee never kills a node that holds leases.
    case noBusyKill
    /// Guard: the trainee drains, kills, restarts or partitions no node outside this list.
    case onlyTouch([NodeID])
    /// Guard: no invariant is violated.
    case invariantsHold

    public var isGuard: Bool {
        switch self {
        case .runsCompleteBy, .drainedBy, .respond: false
        default: true
        }
    }

    /// The key it has in drill files.
    public var keyword: String {
        switch self {
        case .runsCompleteBy: "runs_complete_by"
        case .drainedBy: "drained_by"
        case .respond: "respond"
        case .maxDeadLettered: "max_dead_lettered"
        case .maxRedeliveries: "max_redeliveries"
        case .maxLeasesExpired: "max_leases_expired"
        case .noBusyKill: "no_busy_kill"
        case .onlyTouch: "only_touch"
        case .invariantsHold: "invariants_hold"
        }
    }

    public static let keywords: Set<String> = [
        "runs_complete_by", "drained_by", "respond", "max_dead_lettered", "max_redeliveries", "max_leases_expired",
        "no_busy_kill", "only_touch", "invariants_hold",
    ]
}

/// What a `respond` objective accepts as the trainee's answer to a disrupted node.
public enum ResponseAction: String, Sendable, CaseIterable {
    case drain, kill, restart, heal

    func matches(_ action: OperatorAction, node: NodeID) -> Bool {
        switch (self, action) {
        case let (.drain, .drain(target)), let (.kill, .kill(target)), let (.restart, .restart(target)): target == node
        case let (.heal, .heal(targets)): targets.contains(node)
        default: false
        }
    }
}

/// Where an objective stands.
public enum ObjectiveStatus: String, Sendable {
    case open, met, failed
}
