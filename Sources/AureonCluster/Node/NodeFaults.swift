import AureonEngine

/// Faults currently applied to one node. All default to "none".
public struct NodeFaults: Sendable, Equatable {
    /// Cut off from the coordinator and the queue: heartbeats, renewals and writes are lost,
    /// but the node keeps working (a zombie) until its lease manager gives the work up, or,
    /// without self-fencing, until a write is rejected.
    public var isPartitioned = false
    /// Work takes this many times longer (a straggler).
    public var slowFactor = 1.0
    /// Probability that an execution fails when its work is done.
    public var failureProbability = 0.0
    /// Probability that a checkpoint write (progress or final) fails.
    public var checkpointFailureProbability = 0.0
    /// How far behind the node's clock runs: it acts on every lease deadline this much late
    /// (renewals, and the self-fencing point).
    public var clockSkew = VirtualDuration.zero
    public init() {}
    public var isNone: Bool { self == NodeFaults() }

    /// Whether the fault of this kind is in force.
    func has(_ kind: FaultKind) -> Bool {
        switch kind {
        case .partition: isPartitioned
        case .slow: slowFactor != 1
        case .flaky: failureProbability > 0
        case .checkpointFailures: checkpointFailureProbability > 0
        case .clockSkew: clockSkew > .zero
        case .messageLoss, .messageDelay, .chaos: false
        }
    }
}
