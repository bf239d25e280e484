import AureonEngine

/// A shard executing in one of a node's slots.
public struct RunningTask: Sendable {
    /// Unique per execution: wake-ups carrying another number are stale and ignored.
    public let execution: UInt64
    public let message: MessageID
    public let task: TaskRef
    public let token: FencingToken
    public let startedAt: VirtualTime
    /// Progress recovered from the latest checkpoint when the task was received.
    public let startProgress: Double
    /// Virtual time the whole shard takes on this node (work × the node's slow factor).
    public let duration: VirtualDuration
    public let finishAt: VirtualTime
    public internal(set) var nextRenewalAt: VirtualTime
    public internal(set) var nextCheckpointAt: VirtualTime
    /// The work is done; the final checkpoint and ack are being (re)tried.
    public internal(set) var isCommitting = false
    public internal(set) var nextRetryAt: VirtualTime = .distantFuture
    /// The deadline of the lease as the node last had it confirmed.
    public internal(set) var leaseDeadline: VirtualTime

    /// Fraction done at `time`, 0…1.
    public func progress(at time: VirtualTime) -> Double {
        guard duration.microseconds > 0 else { return 1 }
        let done = Double((time - startedAt).microseconds) / Double(duration.microseconds)
        return min(1, max(startProgress, startProgress + done))
    }

    /// When this execution next needs the node's attention.
    var nextWake: VirtualTime {
        isCommitting ? min(nextRetryAt, nextRenewalAt) : min(finishAt, nextRenewalAt, nextCheckpointAt)
    }
}
