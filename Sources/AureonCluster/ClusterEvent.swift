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

/// The kind-specific facts of an event, typed so that hashing and filtering need no strings.
public enum EventDetail: Sendable, Equatable {
    case none
    case lease(token: FencingToken, deadline: VirtualTime, stolen: Bool)
    case redelivery(token: FencingToken, resumedFrom: Double?, receiveCount: Int)
    case renewal(token: FencingToken, deadline: VirtualTime, renewals: Int)
    case expiry(token: FencingToken, holder: NodeID)
    case checkpoint(token: FencingToken, progress: Double)
    case commit(token: FencingToken, resumed: Bool)
    case staleWrite(operation: String, presented: FencingToken, current: FencingToken)
    case reason(String)
    case moved(count: Int)
    case runPlan(shards: Int, iteration: Int, nodes: Int)
    case iteration(number: Int, residual: Double)
    case incarnation(Int)

    func hash(into hasher: inout TraceHasher) {
        switch self {
        case .none: hasher.combine(0)
        case let .lease(token, deadline, stolen):
            hasher.combine(1); hasher.combine(token.value); hasher.combine(deadline.microseconds); hasher.combine(stolen ? 1 : 0)
        case let .redelivery(token, resumedFrom, receiveCount):
            hasher.combine(2); hasher.combine(token.value); hasher.combine(Self.fixed(resumedFrom ?? -1)); hasher.combine(receiveCount)
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
        case let .runPlan(shards, iteration, nodes):
            hasher.combine(10); hasher.combine(shards); hasher.combine(iteration); hasher.combine(nodes)
        case let .iteration(number, residual):
            hasher.combine(11); hasher.combine(number); hasher.combine(Self.fixed(residual))
        case let .incarnation(number):
            hasher.combine(12); hasher.combine(number)
        }
    }

    /// Fractions enter the hash as fixed-point millionths: IEEE bit patterns are stable, but
    /// fixed point keeps the hash independent of how a value was computed to the last bit.
    private static func fixed(_ value: Double) -> Int64 { Int64((value * 1_000_000).rounded()) }
}
