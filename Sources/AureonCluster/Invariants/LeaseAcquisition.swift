import AureonEngine

/// What a lease acquisition (`shard_leased` or `task_redelivered`) says, read from its detail.
/// Both kinds are acquisitions for every rule; only the progress rule cares which one it was.
struct LeaseAcquisition {
    let token: UInt64
    let deadline: VirtualTime
    let incarnation: Int

    /// Nil when the event is not an acquisition or its detail does not carry the lease (an
    /// emitter out of contract: the rules then have nothing to check it against).
    init?(_ event: EventRecord) {
        switch (event.kind, event.detail) {
        case let (.shardLeased, .lease(token, deadline, _, incarnation)),
             let (.taskRedelivered, .redelivery(token, deadline, _, _, incarnation)):
            self.token = token.value
            self.deadline = deadline
            self.incarnation = incarnation
        default:
            return nil
        }
    }
}
