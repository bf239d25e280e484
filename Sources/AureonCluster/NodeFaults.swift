import AureonEngine

/// Faults currently applied to one node. All default to "none".
public struct NodeFaults: Sendable, Equatable {
    /// Cut off from the coordinator and the queue: heartbeats, renewals and writes are lost,
    /// but the node keeps working (a zombie) until a write is rejected.
    public var isPartitioned = false
    /// Work takes this many times longer (a straggler).
    public var slowFactor = 1.0
    /// Probability that an execution fails when its work is done.
    public var failureProbability = 0.0
    /// Probability that a checkpoint write (progress or final) fails.
    public var checkpointFailureProbability = 0.0
    /// How far behind the node's clock runs; its renewals come this much late.
    public var clockSkew = VirtualDuration.zero
    public init() {}
    public var isNone: Bool { self == NodeFaults() }
}
