/// Invariant 3: a draining, killed or dead node acquires no new lease.
///
/// Fed by acquisitions only, judged against `NodeShadow` (the checker's own record of node
/// events), never against the queue's pull guard: a queue that serves a draining node agrees
/// with itself, not with the stream of the coordinator's decisions.
struct AvailabilityRule: Sendable {
    let naming: NodeNaming

    func observe(_ event: EventRecord, nodes: NodeShadow, names: RunNameTable, into found: inout [InvariantViolation]) {
        guard let acquisition = LeaseAcquisition(event), let node = event.node,
              let reason = nodes[node].unavailability(for: acquisition.incarnation) else { return }
        found.append(.init(.noLeaseWhenUnavailable, at: event, names: names,
                           "\(naming.name(of: node)) acquired \(event.taskName(names)) (token \(acquisition.token)) while \(reason)"))
    }
}
