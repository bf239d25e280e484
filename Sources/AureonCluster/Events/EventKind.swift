/// Every kind of event the cluster reports (the seed's event bus, typed). Raw values are the
/// names used in JSON lines, filters and the console.
public enum EventKind: String, Sendable, CaseIterable, Codable {
    case runScheduled = "run_scheduled"
    case runRefused = "run_refused"
    case shardLeased = "shard_leased"
    case leaseRenewed = "lease_renewed"
    case leaseExpired = "lease_expired"
    case taskRedelivered = "task_redelivered"
    case checkpointSaved = "checkpoint_saved"
    case checkpointFailed = "checkpoint_failed"
    case taskCommitted = "task_committed"
    case taskFailed = "task_failed"
    case validationRejected = "validation_rejected"
    case staleWriteRejected = "stale_write_rejected"
    case deadLettered = "dead_lettered"
    case nodeJoined = "node_joined"
    case nodeDraining = "node_draining"
    case nodeResumed = "node_resumed"
    case nodeUnresponsive = "node_unresponsive"
    case nodeDead = "node_dead"
    case nodeRecovered = "node_recovered"
    case nodeKilled = "node_killed"
    case nodeRestarted = "node_restarted"
    case rebalanced = "rebalanced"
    case iterationCompleted = "iteration_completed"
    case iterationConverged = "iteration_converged"
    case runCompleted = "run_completed"
    case invariantViolated = "invariant_violated"
    case faultInjected = "fault_injected"
    case faultCleared = "fault_cleared"
    case messageLost = "message_lost"
    case narration = "narration"
    /// A node's lease manager gave up work it could not renew by `deadline − lease_margin`.
    case leaseAbandoned = "lease_abandoned"
    /// A redelivered task whose final checkpoint was already committed: acked, not worked again.
    case alreadyCommitted = "already_committed"
    /// A node whose incarnation was fenced came back as a new incarnation.
    case nodeRejoined = "node_rejoined"

    /// Stable small number for the trace hash: the position in declaration order, which is
    /// part of the hash format. Spelled out because a search of `allCases` per event showed up
    /// in profiles; a test checks it matches `allCases`.
    var ordinal: Int {
        switch self {
        case .runScheduled: 0
        case .runRefused: 1
        case .shardLeased: 2
        case .leaseRenewed: 3
        case .leaseExpired: 4
        case .taskRedelivered: 5
        case .checkpointSaved: 6
        case .checkpointFailed: 7
        case .taskCommitted: 8
        case .taskFailed: 9
        case .validationRejected: 10
        case .staleWriteRejected: 11
        case .deadLettered: 12
        case .nodeJoined: 13
        case .nodeDraining: 14
        case .nodeResumed: 15
        case .nodeUnresponsive: 16
        case .nodeDead: 17
        case .nodeRecovered: 18
        case .nodeKilled: 19
        case .nodeRestarted: 20
        case .rebalanced: 21
        case .iterationCompleted: 22
        case .iterationConverged: 23
        case .runCompleted: 24
        case .invariantViolated: 25
        case .faultInjected: 26
        case .faultCleared: 27
        case .messageLost: 28
        case .narration: 29
        case .leaseAbandoned: 30
        case .alreadyCommitted: 31
        case .nodeRejoined: 32
        }
    }

    /// How much attention the console should draw to this kind.
    public var severity: Severity {
        switch self {
        case .invariantViolated: .error
        case .nodeDead, .nodeKilled, .staleWriteRejected, .deadLettered, .taskFailed, .leaseExpired, .runRefused,
             .checkpointFailed, .messageLost, .nodeUnresponsive, .validationRejected, .faultInjected, .leaseAbandoned: .warning
        case .taskCommitted, .runCompleted, .iterationConverged, .iterationCompleted, .nodeRestarted, .nodeRecovered,
             .nodeResumed, .nodeJoined, .faultCleared, .alreadyCommitted, .nodeRejoined: .good
        default: .info
        }
    }

    public enum Severity: Sendable { case info, good, warning, error }
}
