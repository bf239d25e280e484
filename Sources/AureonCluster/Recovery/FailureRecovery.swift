import AureonEngine

/// The failure detector (the seed's `FailureRecoveryService`): from a node's silence alone,
/// whether it should now be declared unresponsive or dead.
///
/// Pure: it reads the coordinator's view and returns a verdict; the coordinator acts on it
/// (drain, fence, rebalance). Dead is final for an incarnation: only a new incarnation, heard
/// again, comes back. Public so live mode's coordinator process drives this same detector
/// from the database's heartbeats.
public struct FailureRecovery: Sendable {
    public enum Verdict: Sendable, Equatable { case unresponsive, dead }

    public let unresponsiveAfter: VirtualDuration
    public let deadAfter: VirtualDuration

    public init(unresponsiveAfter: VirtualDuration, deadAfter: VirtualDuration) {
        self.unresponsiveAfter = unresponsiveAfter
        self.deadAfter = deadAfter
    }

    public func verdict(health: NodeHealth, lastHeartbeat: VirtualTime, now: VirtualTime) -> Verdict? {
        let silence = now - lastHeartbeat
        if health != .dead, silence >= deadAfter { return .dead }
        if health == .healthy || health == .draining, silence >= unresponsiveAfter { return .unresponsive }
        return nil
    }
}
