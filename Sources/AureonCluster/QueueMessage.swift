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
public struct QueueDefects: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// Leased messages stay receivable: two nodes hold the same message at once.
    public static let doubleDelivery = QueueDefects(rawValue: 1)
    /// Writes with stale fencing tokens are accepted.
    public static let ignoreFencing = QueueDefects(rawValue: 2)
}
