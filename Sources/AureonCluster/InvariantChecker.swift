import AureonEngine

/// Checks the brief's invariants (§4) live, from a shadow of the facts it is told about.
///
/// It keeps its own record of leases, tokens, commits and progress per message and never asks
/// the queue what it thinks: a queue that double-delivers or accepts a stale write disagrees
/// with the shadow, and that disagreement is the violation.
public struct InvariantChecker: Sendable {
    struct Shadow: Sendable {
        var leaseToken: UInt64 = 0
        var leaseDeadline: VirtualTime = .zero
        var highestToken: UInt64 = 0
        var progress: Double = 0
        var committed = false
        var deadLettered = false
    }

    private var shadows: [Shadow] = []
    public private(set) var violations: [InvariantViolation] = []
    public private(set) var violationCount = 0
    public private(set) var duplicateCommits = 0
    public private(set) var staleWritesAccepted = 0
    /// Shards found neither committed nor dead-lettered when their iteration closed.
    public private(set) var lostShards = 0
    /// Violations kept in detail; the count goes on past it.
    public static let retainedViolations = 100

    public init() {}

    public var holds: Bool { violationCount == 0 }

    mutating func reserveCapacity(forMessages count: Int) { shadows.reserveCapacity(count) }

    /// A recycled queue slot now carries a new task: its history starts over, except the
    /// highest token seen — tokens must keep increasing for whoever held the old message.
    mutating func slotReused(_ message: MessageID) {
        guard message.index < shadows.count else { return }
        let highest = shadows[message.index].highestToken
        shadows[message.index] = Shadow()
        shadows[message.index].highestToken = highest
    }

    mutating func track(_ message: MessageID) {
        if message.index >= shadows.count { shadows.append(contentsOf: repeatElement(Shadow(), count: message.index + 1 - shadows.count)) }
    }

    /// A new lease was handed out. Returns the violations it caused.
    mutating func leaseGranted(
        _ lease: Lease, holderAvailable: Bool, holderName: String, now: VirtualTime
    ) -> [InvariantViolation] {
        track(lease.message)
        let shadow = shadows[lease.message.index]
        defer {
            shadows[lease.message.index].leaseToken = lease.token.value
            shadows[lease.message.index].leaseDeadline = lease.deadline
            shadows[lease.message.index].highestToken = max(shadow.highestToken, lease.token.value)
        }
        let clean = holderAvailable && (shadow.leaseToken == 0 || shadow.leaseDeadline <= now)
            && lease.token.value > shadow.highestToken && !shadow.committed && !shadow.deadLettered
        if clean { return [] }  // the common case, without building anything
        var found: [InvariantViolation] = []
        if !holderAvailable {
            found.append(.init(time: now, rule: .noLeaseWhenUnavailable,
                               detail: "\(holderName) took a lease while draining, killed or cut off"))
        }
        if shadow.leaseToken != 0, shadow.leaseDeadline > now {
            found.append(.init(time: now, rule: .singleLease,
                               detail: "message \(lease.message.index) leased twice (token \(shadow.leaseToken) still valid)"))
        }
        if lease.token.value <= shadow.highestToken {
            found.append(.init(time: now, rule: .fencing,
                               detail: "token \(lease.token) not above \(shadow.highestToken) for message \(lease.message.index)"))
        }
        if shadow.committed || shadow.deadLettered {
            found.append(.init(time: now, rule: .exactlyOnce, detail: "message \(lease.message.index) delivered after it was settled"))
        }
        return record(found)
    }

    /// A fenced write (renewal, checkpoint, commit, nack) was accepted by the queue.
    mutating func writeAccepted(
        _ operation: String, message: MessageID, token: FencingToken, now: VirtualTime
    ) -> [InvariantViolation] {
        track(message)
        let shadow = shadows[message.index]
        guard shadow.leaseToken != token.value || shadow.leaseDeadline <= now else { return [] }
        staleWritesAccepted += 1
        return record([.init(time: now, rule: .fencing,
                             detail: "\(operation) with token \(token) accepted for message \(message.index) (current \(shadow.leaseToken), deadline \(shadow.leaseDeadline))")])
    }

    mutating func leaseRenewed(_ message: MessageID, deadline: VirtualTime) {
        shadows[message.index].leaseDeadline = deadline
    }

    /// The lease ended (expiry, nack): the message may be leased again.
    mutating func leaseEnded(_ message: MessageID, expired: Bool, now: VirtualTime) -> [InvariantViolation] {
        track(message)
        let shadow = shadows[message.index]
        shadows[message.index].leaseToken = 0
        if expired, shadow.leaseDeadline > now {
            return record([.init(time: now, rule: .singleLease,
                                 detail: "lease on message \(message.index) expired before its deadline \(shadow.leaseDeadline)")])
        }
        return []
    }

    mutating func checkpointSaved(_ message: MessageID, progress: Double, now: VirtualTime) -> [InvariantViolation] {
        track(message)
        let previous = shadows[message.index].progress
        shadows[message.index].progress = max(previous, progress)
        guard progress + 1e-12 < previous else { return [] }
        return record([.init(time: now, rule: .progressMonotonic,
                             detail: "message \(message.index) checkpoint went back from \(previous) to \(progress)")])
    }

    mutating func committed(_ message: MessageID, now: VirtualTime) -> [InvariantViolation] {
        track(message)
        shadows[message.index].leaseToken = 0
        if shadows[message.index].committed || shadows[message.index].deadLettered {
            duplicateCommits += 1
            return record([.init(time: now, rule: .exactlyOnce, detail: "message \(message.index) committed twice")])
        }
        shadows[message.index].committed = true
        return []
    }

    mutating func deadLettered(_ message: MessageID, now: VirtualTime) -> [InvariantViolation] {
        track(message)
        shadows[message.index].leaseToken = 0
        let wasSettled = shadows[message.index].committed || shadows[message.index].deadLettered
        shadows[message.index].deadLettered = true
        return wasSettled ? record([.init(time: now, rule: .exactlyOnce, detail: "message \(message.index) settled twice")]) : []
    }

    /// An iteration closed: every one of its messages must be committed or dead-lettered.
    /// Returns the violation if some are not (they are lost).
    mutating func iterationClosed(_ messages: [MessageID], label: String, now: VirtualTime) -> [InvariantViolation] {
        let unsettled = messages.reduce(0) { count, id in
            id.index < shadows.count && (shadows[id.index].committed || shadows[id.index].deadLettered) ? count : count + 1
        }
        guard unsettled > 0 else { return [] }
        lostShards += unsettled
        return record([.init(time: now, rule: .exactlyOnce, detail: "\(label) closed with \(unsettled) shards unsettled")])
    }


    private mutating func record(_ found: [InvariantViolation]) -> [InvariantViolation] {
        guard !found.isEmpty else { return found }
        violationCount += found.count
        for violation in found where violations.count < Self.retainedViolations { violations.append(violation) }
        return found
    }
}
