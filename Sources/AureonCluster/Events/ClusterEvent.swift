import AureonEngine

/// One thing that happened, at one virtual instant, to some node, task or run.
public struct ClusterEvent: Sendable, Equatable {
    public let time: VirtualTime
    /// Position in the history; with `time` it orders events totally.
    public let sequence: UInt64
    public let kind: EventKind
    public let node: NodeID?
    public let task: TaskID?
    public let run: RunID?
    public let detail: EventDetail
}

/// The kind-specific facts of an event, typed so that hashing, filtering and the checker need
/// no strings. Every lease-carrying detail names the holder's incarnation and token, so the
/// invariant checker can rebuild who held what from the stream alone.
public enum EventDetail: Sendable, Equatable {
    case none
    /// `shard_leased`: a first delivery.
    case lease(token: FencingToken, deadline: VirtualTime, stolen: Bool, incarnation: Int)
    /// `task_redelivered`: a later delivery, and the progress the task resumes from (nil: none).
    case redelivery(token: FencingToken, deadline: VirtualTime, resumedFrom: Double?, receiveCount: Int, incarnation: Int)
    case renewal(token: FencingToken, deadline: VirtualTime, renewals: Int)
    case expiry(token: FencingToken, holder: NodeID)
    case checkpoint(token: FencingToken, progress: Double)
    /// `task_committed` (the final checkpoint was accepted) and `already_committed`.
    case commit(token: FencingToken, resumed: Bool)
    case staleWrite(operation: String, presented: FencingToken, current: FencingToken)
    /// A lease that ended without a commit: `task_failed`, `lease_abandoned`.
    case ended(token: FencingToken, reason: String)
    /// `validation_rejected`: the attempt (receive number) whose result was judged wrong.
    case validation(token: FencingToken, attempt: Int)
    /// `message_lost`: which message, on which plane.
    case messageLost(plane: NetworkPlane, message: MessageKind)
    /// `fault_injected` / `fault_cleared`: which fault, and its human label.
    case fault(FaultKind, label: String)
    case reason(String)
    case moved(count: Int)
    /// `run_scheduled`: the plan of one iteration, and the longest shard's work (liveness).
    case runPlan(shards: Int, iteration: Int, nodes: Int, longestWork: VirtualDuration)
    case iteration(number: Int, residual: Double)
    /// Node lifecycle events: the incarnation concerned.
    case incarnation(Int)

    func hash(into hasher: inout TraceHasher) {
        switch self {
        case .none: hasher.combine(0)
        case let .lease(token, deadline, stolen, incarnation):
            hasher.combine(1); hasher.combine(token.value); hasher.combine(deadline.microseconds); hasher.combine(stolen ? 1 : 0)
            hasher.combine(incarnation)
        case let .redelivery(token, deadline, resumedFrom, receiveCount, incarnation):
            hasher.combine(2); hasher.combine(token.value); hasher.combine(deadline.microseconds)
            hasher.combine(Self.fixed(resumedFrom ?? -1)); hasher.combine(receiveCount); hasher.combine(incarnation)
        case let .renewal(token, deadline, renewals):
            hasher.combine(3); hasher.combine(token.value); hasher.combine(deadline.microseconds); hasher.combine(renewals)
        case let .expiry(token, holder):
            hasher.combine(4); hasher.combine(token.value); hasher.combine(holder.index)
        case let .checkpoint(token, progress):
            hasher.combine(5); hasher.combine(token.value); hasher.combine(Self.fixed(progress))
        case let .commit(token, resumed):
            hasher.combine(6); hasher.combine(token.value); hasher.combine(resumed ? 1 : 0)
        case let .staleWrite(operation, presented, current):
            hasher.combine(7); hasher.combine(operation); hasher.combine(presented.value); hasher.combine(current.value)
        case let .reason(text):
            hasher.combine(8); hasher.combine(text)
        case let .moved(count):
            hasher.combine(9); hasher.combine(count)
        case let .runPlan(shards, iteration, nodes, longestWork):
            hasher.combine(10); hasher.combine(shards); hasher.combine(iteration); hasher.combine(nodes); hasher.combine(longestWork.microseconds)
        case let .iteration(number, residual):
            hasher.combine(11); hasher.combine(number); hasher.combine(Self.fixed(residual))
        case let .incarnation(number):
            hasher.combine(12); hasher.combine(number)
        case let .ended(token, reason):
            hasher.combine(13); hasher.combine(token.value); hasher.combine(reason)
        case let .validation(token, attempt):
            hasher.combine(14); hasher.combine(token.value); hasher.combine(attempt)
        case let .messageLost(plane, message):
            hasher.combine(15); hasher.combine(plane == .data ? 1 : 0); hasher.combine(message.ordinal)
        case let .fault(kind, label):
            hasher.combine(16); hasher.combine(kind.ordinal); hasher.combine(label)
        }
    }

    /// The fencing token the detail carries, if any.
    public var token: FencingToken? {
        switch self {
        case let .lease(token, _, _, _), let .redelivery(token, _, _, _, _), let .renewal(token, _, _), let .expiry(token, _),
             let .checkpoint(token, _), let .commit(token, _), let .ended(token, _), let .validation(token, _):
            token
        case let .staleWrite(_, presented, _): presented
        default: nil
        }
    }

    /// Fractions enter the hash as fixed-point millionths: IEEE bit patterns are stable, but
    /// fixed point keeps the hash independent of how a value was computed to the last bit.
    private static func fixed(_ value: Double) -> Int64 { Int64((value * 1_000_000).rounded()) }
}
