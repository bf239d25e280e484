import AureonEngine

/// A shard executing in one of a node's slots, with the node's own view of its lease (the
/// seed's `LeaseManager` entry for it).
public struct RunningTask: Sendable {
    /// What the execution is doing.
    public enum Phase: Sendable, Equatable {
        case working
        /// The work is done; the final checkpoint is being (re)sent until the queue answers.
        case committing
    }

    /// Unique per execution on its node: wake-ups and replies carrying another number are stale.
    public let execution: UInt64
    public let message: MessageID
    public let task: TaskRef
    public let token: FencingToken
    /// The receive number of this delivery (validation is drawn per attempt).
    public let attempt: Int
    /// A poison shard: it fails whatever node runs it.
    public let isPoison: Bool
    public let startedAt: VirtualTime
    /// Progress recovered from the latest checkpoint when the task was received.
    public let startProgress: Double
    /// Virtual time the whole shard takes on this node (work × the node's slow factor).
    public let duration: VirtualDuration
    public let finishAt: VirtualTime
    public internal(set) var phase = Phase.working
    public internal(set) var nextCheckpointAt: VirtualTime
    /// The lease deadline as the queue last confirmed it (queue time). The node acts on it by
    /// its own clock, so a node whose clock runs behind acts that much later in real time.
    public internal(set) var leaseDeadline: VirtualTime
    /// When the node next sends a renewal (real time), or retries one that went unanswered.
    var nextRenewalAt: VirtualTime
    /// When the final checkpoint is re-sent if no answer came.
    var nextRetryAt: VirtualTime = .distantFuture

    public var isCommitting: Bool { phase == .committing }

    /// Fraction done at `time`, 0…1.
    public func progress(at time: VirtualTime) -> Double {
        guard duration.microseconds > 0 else { return 1 }
        let done = Double((time - startedAt).microseconds) / Double(duration.microseconds)
        return min(1, max(startProgress, startProgress + done))
    }
}
