import AureonEngine

/// Per-task values derived from the seed and the task's identity alone: the work a shard
/// needs, the residual it contributes, and whether an attempt's result passes validation.
///
/// Pure functions of (seed, task, attempt), so they do not depend on the order in which tasks
/// happen to run, on which node runs them, or on any component's state: the queue, the nodes
/// and the supervisor all get the same answer. Public so that live mode (`aureon live run`)
/// draws the same work per shard as the simulation does.
public struct TaskDraws: Sendable {
    let seed: UInt64

    public init(seed: UInt64) { self.seed = seed }

    private func draw(_ ref: TaskRef, salt: UInt64) -> UInt64 {
        let key = (UInt64(UInt32(bitPattern: ref.runSlot)) << 44) ^ (UInt64(UInt32(bitPattern: ref.iteration)) << 32)
            ^ UInt64(UInt32(bitPattern: ref.shard))
        return SplitMix64.mix(SplitMix64.mix(seed ^ salt) ^ key)
    }

    /// The virtual work one shard needs on a normal node (before any slow factor).
    public func work(for ref: TaskRef, range: ClosedRange<VirtualDuration>) -> VirtualDuration {
        let span = UInt64(range.upperBound.microseconds - range.lowerBound.microseconds)
        let offset = span == 0 ? 0 : draw(ref, salt: 0x776F_726B) % (span + 1)
        return range.lowerBound + .microseconds(Int64(offset))
    }

    /// The residual a shard contributes to convergence; halves every iteration.
    func residual(for ref: TaskRef) -> Double {
        let unit = Double(draw(ref, salt: 0x7265_7369_6475) >> 11) * 0x1.0p-53
        return unit / Double(1 << min(30, Int(ref.iteration) - 1))
    }

    /// Whether attempt `attempt` (the receive number) of this task produced a valid result:
    /// one seeded verdict per task and attempt, rejected with `rejectProbability`.
    func isValid(_ ref: TaskRef, attempt: Int, rejectProbability: Double) -> Bool {
        guard rejectProbability > 0 else { return true }
        let unit = Double(draw(ref, salt: 0x7661_6C69_6400 ^ UInt64(attempt)) >> 11) * 0x1.0p-53
        return unit >= rejectProbability
    }
}
