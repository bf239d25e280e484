import AureonEngine

/// Invariant 2a: at most one unexpired lease per task.
///
/// Fed by acquisitions (`shard_leased`, `task_redelivered`), `lease_renewed` (the deadline
/// moves) and the events that end a lease: `lease_expired`, `task_failed`,
/// `validation_rejected`. A commit does not end the lease (it lasts until the ack lands, which
/// is no event, or expires), so a redelivery after a commit must come after `lease_expired`.
struct SingleLeaseRule: Sendable {
    private struct LeaseShadow: Sendable {
        var token: UInt64 = 0
        var deadline = VirtualTime.zero
        var held = false
    }

    private var leases: [LeaseShadow] = []

    mutating func startTask(_ slot: Int) { leases.start(slot, with: LeaseShadow()) }
    mutating func reserve(additionalTasks count: Int) { leases.reserveCapacity(leases.count + count) }

    mutating func observe(_ event: EventRecord, slot: Int, names: RunNameTable, into found: inout [InvariantViolation]) {
        let lease = leases[slot]
        switch event.kind {
        case .shardLeased, .taskRedelivered:
            guard let acquisition = LeaseAcquisition(event) else { return }
            if lease.held, lease.deadline > event.time {
                found.append(.init(.singleLease, at: event, names: names,
                                   "\(event.taskName(names)) leased with token \(acquisition.token) while token \(lease.token) was unexpired (deadline \(lease.deadline)) and not ended"))
            }
            leases[slot] = LeaseShadow(token: acquisition.token, deadline: acquisition.deadline, held: true)
        case .leaseRenewed:
            guard case let .renewal(token, deadline, _) = event.detail, lease.held, token.value == lease.token else { return }
            leases[slot].deadline = deadline
        case .leaseExpired:
            guard lease.held, event.detail.token?.value == lease.token else { return }
            if event.time < lease.deadline {
                found.append(.init(.singleLease, at: event, names: names,
                                   "\(event.taskName(names)) lease \(lease.token) expired before its deadline \(lease.deadline)"))
            }
            leases[slot].held = false
        case .taskFailed, .validationRejected:
            guard lease.held, event.detail.token?.value == lease.token else { return }
            leases[slot].held = false
        default:
            break
        }
    }
}
