import AureonEngine

/// What the engine's heap holds: the next thing each state machine must be woken for.
enum SimulationEvent: Sendable {
    case heartbeat(node: Int32, incarnation: Int32)
    /// A control message arrives; the message itself waits in `ClusterSimulation.inFlight`
    /// so that heap entries stay small (the heap is the hottest structure in the engine).
    case deliver(slot: Int32)
    case pull(node: Int32, incarnation: Int32)
    case taskWake(node: Int32, slot: Int32, execution: UInt64)
    case leaseDeadline(message: Int32, token: UInt64)
    case visibilityDue
    case recoveryScan
    case scheduledAction(index: Int32)
    case faultExpiry(FaultExpiry)
    /// The chaos generator draws its next fault.
    case chaosTick(generation: UInt32)
    /// Chaos undoes a kill or a drain it caused.
    case chaosRecovery(node: Int32, incarnation: Int32, restart: Bool)
}

/// The end of a timed fault. `epoch` ties it to the fault it ends, so a newer fault on the same
/// target is not cut short by an older timer.
struct FaultExpiry: Sendable {
    enum Kind: Sendable, CaseIterable { case partition, slow, flaky, checkpointFailures, messageLoss, messageDelay, clockSkew }
    let kind: Kind
    /// Node index, or -1 for cluster-wide faults.
    let node: Int32
    let epoch: UInt32
}

/// Identifies one fault on one target (node index, or -1 for the whole cluster).
struct FaultKey: Hashable, Sendable {
    let node: Int32
    let kind: FaultExpiry.Kind
}
