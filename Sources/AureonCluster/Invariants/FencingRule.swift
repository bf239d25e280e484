import AureonEngine

/// Invariant 2b: fencing tokens strictly increase per task, and every write the queue accepts
/// (`lease_renewed`, `checkpoint_saved`, `task_committed`, `task_failed`,
/// `validation_rejected`) carries the current lease's token, before its deadline, from an
/// incarnation not declared dead. Anything else is a stale write accepted.
///
/// Its lease record is its own (not shared with `SingleLeaseRule`), so that a mistake in one
/// rule's bookkeeping cannot hide a breach of the other.
struct FencingRule: Sendable {
    /// Fields in this order so that the optional's tag and the flag share the last word:
    /// 40 bytes a task, not 48 (a shadow per task adds up).
    private struct LeaseShadow: Sendable {
        var token: UInt64 = 0
        var deadline = VirtualTime.zero
        /// The holder's node index and incarnation, 32 bits each.
        var holder: Int32 = -1
        var incarnation: Int32 = 0
        var highestToken: UInt64?
        var held = false
    }

    private var leases: [LeaseShadow] = []
    private(set) var staleWritesAccepted = 0

    mutating func startTask(_ slot: Int) { leases.start(slot, with: LeaseShadow()) }
    mutating func reserve(additionalTasks count: Int) { leases.reserveCapacity(leases.count + count) }

    mutating func observe(_ event: EventRecord, slot: Int, nodes: NodeShadow, names: RunNameTable, into found: inout [InvariantViolation]) {
        let lease = leases[slot]
        switch event.kind {
        case .shardLeased, .taskRedelivered:
            guard let acquisition = LeaseAcquisition(event) else { return }
            if let highest = lease.highestToken, acquisition.token <= highest {
                found.append(.init(.fencing, at: event, names: names, "\(event.taskName(names)) leased with token \(acquisition.token), not above \(highest)"))
            }
            leases[slot] = LeaseShadow(token: acquisition.token, deadline: acquisition.deadline, holder: Int32(event.node?.index ?? -1),
                                       incarnation: Int32(clamping: acquisition.incarnation),
                                       highestToken: max(lease.highestToken ?? 0, acquisition.token), held: true)
        case .leaseRenewed, .checkpointSaved, .taskCommitted, .taskFailed, .validationRejected:
            guard let token = event.detail.token?.value else { return }
            if let problem = staleness(of: token, against: lease, at: event.time, nodes: nodes) {
                staleWritesAccepted += 1
                found.append(.init(.fencing, at: event, names: names, "\(event.kind.rawValue) of \(event.taskName(names)) with token \(token) accepted: \(problem)"))
                return
            }
            switch (event.kind, event.detail) {
            case let (.leaseRenewed, .renewal(_, deadline, _)): leases[slot].deadline = deadline
            case (.taskFailed, _), (.validationRejected, _): leases[slot].held = false
            default: break
            }
        case .leaseExpired:
            if lease.held, event.detail.token?.value == lease.token { leases[slot].held = false }
        default:
            break
        }
    }

    /// Why a write with `token` must have been refused, or nil when it was the current
    /// holder's in time.
    private func staleness(of token: UInt64, against lease: LeaseShadow, at time: VirtualTime, nodes: NodeShadow) -> String? {
        guard lease.held else { return "no lease was held" }
        guard token == lease.token else { return "the current lease's token is \(lease.token)" }
        guard time < lease.deadline else { return "at or after the lease's deadline \(lease.deadline)" }
        if lease.holder >= 0, Int(lease.incarnation) <= nodes[NodeID(Int(lease.holder))].fencedThrough {
            return "incarnation \(lease.incarnation) of the holder was declared dead"
        }
        return nil
    }
}
