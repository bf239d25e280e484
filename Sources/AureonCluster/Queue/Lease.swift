import AureonEngine

/// A visibility-timeout lease on one message (the seed's `TaskLease`), fenced by a token.
public struct Lease: Sendable, Equatable {
    public let message: MessageID
    public let holder: NodeID
    /// The holder's incarnation when it took the lease: a restarted node is a new holder.
    public let incarnation: Int
    public let token: FencingToken
    public let acquiredAt: VirtualTime
    public internal(set) var deadline: VirtualTime
    public internal(set) var renewals: Int
}

/// What the queue or the checkpoint store said to a write carrying a fencing token.
public enum WriteOutcome: Sendable, Equatable {
    case accepted
    /// The token is not the message's current one: a newer holder exists, or none does.
    case stale(current: FencingToken)
    /// The token was current but its lease had just run out; the message is visible again.
    case expired
}
