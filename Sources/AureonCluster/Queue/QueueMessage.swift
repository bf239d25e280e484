import AureonEngine

/// Where a message is in its life.
public enum MessageState: UInt8, Sendable {
    /// Enqueued with a delay that has not passed yet.
    case delayed
    /// Visible: any node may receive it (its target first).
    case ready
    /// Held under a lease until its deadline.
    case leased
    /// Acknowledged: done.
    case acked
    /// Moved to the dead-letter queue.
    case deadLettered
}

/// One message in the queue with its SQS-style bookkeeping.
public struct QueueMessage: Sendable {
    public let id: MessageID
    public let task: TaskRef
    /// The node the coordinator placed the shard on; it takes its own work first.
    public internal(set) var target: NodeID
    public internal(set) var state: MessageState
    public internal(set) var receiveCount: Int
    /// The newest token handed out; the next lease gets a higher one.
    public internal(set) var lastToken: FencingToken
    public internal(set) var lease: Lease?
    public internal(set) var visibleAt: VirtualTime
    /// Bumped whenever the message becomes ready or is retargeted, so that stale entries left
    /// in the ready lists can be recognised and skipped instead of searched for and removed.
    var epoch: UInt32
}

/// Testing hook: a deliberately broken queue, so that tests can prove the invariant checker
/// catches what a real bug would do (the FoundationDB "buggify" idea, off unless asked for).
/// Each defect breaks one promise, and each is caught by one named rule of the checker.
public struct QueueDefects: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// Leased messages stay receivable: two nodes hold the same message at once (single_lease).
    public static let doubleDelivery = QueueDefects(rawValue: 1)
    /// Writes with stale fencing tokens are accepted (fencing).
    public static let ignoreFencing = QueueDefects(rawValue: 2)
    /// Draining nodes and declared-dead incarnations are served like any other
    /// (no_lease_when_unavailable).
    public static let ignoreDrainAndDeath = QueueDefects(rawValue: 4)
    /// Redeliveries forget the task's checkpoints and start from zero (progress_monotonic).
    public static let forgetCheckpoints = QueueDefects(rawValue: 8)
    /// Redeliveries do not say the task was already committed, so it is worked and committed
    /// again (exactly_once).
    public static let forgetCommits = QueueDefects(rawValue: 16)
    /// Pulls are parked and never answered (liveness).
    public static let stallGrants = QueueDefects(rawValue: 32)
    /// Waiting nodes are served in the order of a `Set`, which follows the per-process hash
    /// seed: histories differ between processes (reproducibility). Only for the test that
    /// proves the two-process comparison catches it.
    public static let processDependentOrder = QueueDefects(rawValue: 64)

    /// The names `--defect` accepts, in one place.
    public static let named: [(name: String, defect: QueueDefects)] = [
        ("double_delivery", .doubleDelivery), ("ignore_fencing", .ignoreFencing), ("ignore_drain_and_death", .ignoreDrainAndDeath),
        ("forget_checkpoints", .forgetCheckpoints), ("forget_commits", .forgetCommits), ("stall_grants", .stallGrants),
        ("process_dependent_order", .processDependentOrder),
    ]
}
