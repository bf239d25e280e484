import AureonEngine

/// The failure detector (the seed's `FailureRecoveryService`): from a node's silence alone,
/// whether it should now be declared unresponsive or dead.
///
/// Pure: it reads the coordinator's view and returns a verdict; the coordinator acts on it
/// (drain, fence, rebalance). Dead is final for an incarnation: only a new incarnation, heard
/// again, comes back.
struct FailureRecovery: Sendable {
    enum Verdict: Sendable, Equatable { case unresponsive, dead }

    let unresponsiveAfter: VirtualDuration
    let deadAfter: VirtualDuration

    func verdict(health: NodeHealth, lastHeartbeat: VirtualTime, now: VirtualTime) -> Verdict? {
        let silence = now - lastHeartbeat
        if health != .dead, silence >= deadAfter { return .dead }
        if health == .healthy || health == .draining, silence >= unresponsiveAfter { return .unresponsive }
        return nil
    }
}
