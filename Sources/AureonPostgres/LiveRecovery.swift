import AureonCluster
import AureonEngine

/// The coordinator's failure detection in live mode: Core v2's `FailureRecovery` decides, from
/// each node's silence as the database measures it, and this adapter carries the verdict out —
/// unresponsive nodes lease nothing until heard again, dead incarnations are fenced and their
/// leases revoked.
public struct LiveRecovery: Sendable {
    public let detector: FailureRecovery

    public init(detector: FailureRecovery) {
        self.detector = detector
    }

    /// One scan: the verdicts carried out, in node-name order.
    public func scan(_ queue: LiveQueue) async throws -> [(NodeIdentity, FailureRecovery.Verdict)] {
        var acted: [(NodeIdentity, FailureRecovery.Verdict)] = []
        for status in try await queue.liveNodes() {
            // Silence is what the detector reads: the last heartbeat at zero, now at the silence.
            guard let verdict = detector.verdict(health: status.health, lastHeartbeat: .zero,
                                                 now: VirtualTime(microseconds: status.silenceMicros)) else { continue }
            let reason = "silent for \(VirtualDuration(microseconds: status.silenceMicros))"
            let done = switch verdict {
            case .dead: try await queue.fence(status.node, reason: reason)
            case .unresponsive: try await queue.markUnresponsive(status.node, reason: reason)
            }
            if done { acted.append((status.node, verdict)) }
        }
        return acted
    }
}
