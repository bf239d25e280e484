import AureonEngine
import DequeModule
import HeapModule

/// The work queue (the seed's `DistributedQueue`) with visibility-timeout leases, fencing
/// tokens, receive counts and a dead-letter queue, where placement is real.
///
/// Every operation is O(1) amortised or O(log n): ready messages sit in a FIFO per target node
/// plus one global FIFO used for stealing; entries are never searched for and removed, they are
/// invalidated by bumping the message's epoch and skipped when met (each entry is skipped at
/// most once). Delayed messages wait in a heap keyed by the time they become visible.
public struct DistributedQueue: Sendable {
    struct ReadyEntry: Sendable {
        let message: Int32
        let epoch: UInt32
    }

    struct DelayedEntry: Comparable, Sendable {
        let visibleAt: VirtualTime
        let message: Int32
        let epoch: UInt32
        static func < (lhs: DelayedEntry, rhs: DelayedEntry) -> Bool {
            lhs.visibleAt != rhs.visibleAt ? lhs.visibleAt < rhs.visibleAt : lhs.message < rhs.message
        }
    }

    /// Counters that tests read to prove the cost of operations (not timings).
    public struct OperationStats: Sendable, Equatable {
        /// Ready-list entries looked at by dequeues (including skipped stale ones).
        public var entriesExamined = 0
        public var dequeues = 0
        public var steals = 0
    }

    public private(set) var messages: [QueueMessage] = []
    private var readyByNode: [Deque<ReadyEntry>]
    private var readyGlobal = Deque<ReadyEntry>()
    private var delayed = Heap<DelayedEntry>()
    /// Ready messages targeted at each node, kept exact for placement and rebalance.
    public private(set) var readyCount: [Int]
    public private(set) var readyTotal = 0
    public private(set) var leasedTotal = 0
    public private(set) var delayedTotal = 0
    public private(set) var deadLetteredTotal = 0
    public private(set) var ackedTotal = 0
    public private(set) var stats = OperationStats()
    public let maxReceiveCount: Int
    public let defects: QueueDefects
    /// Hard limit on messages held: a scheduling loop gone wrong fails loudly.
    public static let capacity = 50_000_000

    public init(nodeCount: Int, maxReceiveCount: Int, defects: QueueDefects = []) {
        precondition(nodeCount > 0 && maxReceiveCount > 0)
        readyByNode = Array(repeating: Deque(), count: nodeCount)
        readyCount = Array(repeating: 0, count: nodeCount)
        self.maxReceiveCount = maxReceiveCount
        self.defects = defects
    }

    public subscript(id: MessageID) -> QueueMessage { messages[id.index] }

    // MARK: enqueue

    /// Adds a message for `target`, visible now or after `delay`.
    public mutating func enqueue(_ task: TaskRef, target: NodeID, delay: VirtualDuration = .zero, now: VirtualTime) -> MessageID {
        precondition(messages.count < Self.capacity, "queue over capacity")
        let id = MessageID(messages.count)
        messages.append(QueueMessage(
            id: id, task: task, target: target, state: .delayed, receiveCount: 0,
            lastToken: FencingToken(0), lease: nil, visibleAt: now + delay, epoch: 0))
        if delay > .zero {
            scheduleVisibility(id, at: now + delay)
        } else {
            makeReady(id.index)
        }
        return id
    }

    /// Grows storage once for a batch that is about to be enqueued.
    public mutating func reserveCapacity(forAdditionalMessages count: Int) {
        messages.reserveCapacity(messages.count + count)
        readyGlobal.reserveCapacity(readyGlobal.count + count)
    }

    // MARK: dequeue

    /// The result of one receive attempt by a node.
    public struct Delivery: Sendable {
        public let lease: Lease
        public let receiveCount: Int
        public let stolen: Bool
    }

    /// Receives one message for `node`: its own work first, otherwise the oldest ready message
    /// anywhere. Messages received more than `maxReceiveCount` times are dead-lettered on the
    /// way and reported through `deadLettered`.
    public mutating func dequeue(
        for node: NodeID, incarnation: Int, visibilityTimeout: VirtualDuration, now: VirtualTime,
        deadLettered: inout [MessageID]
    ) -> Delivery? {
        stats.dequeues += 1
        if let index = takeFirstValid(fromNode: node.index, deadLettered: &deadLettered) {
            return lease(index, to: node, incarnation: incarnation, timeout: visibilityTimeout, now: now, stolen: false)
        }
        if let index = takeFirstValidGlobal(deadLettered: &deadLettered) {
            stats.steals += messages[index].target == node ? 0 : 1
            return lease(index, to: node, incarnation: incarnation, timeout: visibilityTimeout, now: now,
                         stolen: messages[index].target != node)
        }
        return nil
    }

    private mutating func takeFirstValid(fromNode node: Int, deadLettered: inout [MessageID]) -> Int? {
        while let entry = readyByNode[node].popFirst() {
            stats.entriesExamined += 1
            guard isValid(entry) else { continue }
            if exceedsReceiveLimit(Int(entry.message), deadLettered: &deadLettered) { continue }
            return Int(entry.message)
        }
        return nil
    }

    private mutating func takeFirstValidGlobal(deadLettered: inout [MessageID]) -> Int? {
        while let entry = readyGlobal.popFirst() {
            stats.entriesExamined += 1
            let index = Int(entry.message)
            if defects.contains(.doubleDelivery), messages[index].state == .leased, messages[index].epoch == entry.epoch {
                return index
            }
            guard isValid(entry) else { continue }
            if exceedsReceiveLimit(index, deadLettered: &deadLettered) { continue }
            return index
        }
        return nil
    }

    private func isValid(_ entry: ReadyEntry) -> Bool {
        let message = messages[Int(entry.message)]
        return message.state == .ready && message.epoch == entry.epoch
    }

    private mutating func exceedsReceiveLimit(_ index: Int, deadLettered: inout [MessageID]) -> Bool {
        guard messages[index].receiveCount >= maxReceiveCount else { return false }
        leaveReady(index)
        messages[index].state = .deadLettered
        deadLetteredTotal += 1
        deadLettered.append(messages[index].id)
        return true
    }

    private mutating func lease(
        _ index: Int, to node: NodeID, incarnation: Int, timeout: VirtualDuration, now: VirtualTime, stolen: Bool
    ) -> Delivery {
        if messages[index].state == .ready { leaveReady(index) } else { leasedTotal -= 1 }  // double delivery defect
        let token = FencingToken(messages[index].lastToken.value + 1)
        let lease = Lease(message: messages[index].id, holder: node, incarnation: incarnation, token: token,
                          acquiredAt: now, deadline: now + timeout, renewals: 0)
        messages[index].lastToken = token
        messages[index].receiveCount += 1
        messages[index].lease = lease
        messages[index].state = .leased
        leasedTotal += 1
        if defects.contains(.doubleDelivery) {
            readyGlobal.append(ReadyEntry(message: Int32(index), epoch: messages[index].epoch))
        }
        assert(messages[index].lastToken == lease.token, "postcondition: newest token is the lease's")
        return Delivery(lease: lease, receiveCount: messages[index].receiveCount, stolen: stolen)
    }

    // MARK: writes fenced by token

    /// Checks a fenced write against the current lease. A lease whose deadline has passed is
    /// expired on the spot, so no write ever lands after its deadline, whatever the order of
    /// same-instant events.
    public mutating func checkFence(_ message: MessageID, token: FencingToken, now: VirtualTime) -> WriteOutcome {
        let current = messages[message.index]
        if defects.contains(.ignoreFencing) { return current.state == .leased ? .accepted : .stale(current: current.lastToken) }
        guard current.state == .leased, let lease = current.lease, lease.token == token else {
            return .stale(current: current.lastToken)
        }
        if now >= lease.deadline {
            expire(message, token: token, now: now)
            return .expired
        }
        return .accepted
    }

    /// Acknowledges a leased message: done for good.
    public mutating func ack(_ message: MessageID, token: FencingToken, now: VirtualTime) -> WriteOutcome {
        let outcome = checkFence(message, token: token, now: now)
        guard outcome == .accepted else { return outcome }
        if messages[message.index].state == .leased { leasedTotal -= 1 }
        messages[message.index].state = .acked
        messages[message.index].lease = nil
        ackedTotal += 1
        return .accepted
    }

    /// Gives a leased message back: visible again (after `delay`), or to the dead-letter queue.
    public mutating func nack(
        _ message: MessageID, token: FencingToken, requeue: Bool, delay: VirtualDuration = .zero, now: VirtualTime
    ) -> WriteOutcome {
        let outcome = checkFence(message, token: token, now: now)
        guard outcome == .accepted else { return outcome }
        releaseLease(message.index)
        if !requeue {
            messages[message.index].state = .deadLettered
            deadLetteredTotal += 1
        } else if delay > .zero {
            scheduleVisibility(message, at: now + delay)
        } else {
            makeReady(message.index)
        }
        return .accepted
    }

    /// Renews a lease: the deadline moves to `now + visibilityTimeout`.
    public mutating func extendVisibility(
        _ message: MessageID, token: FencingToken, visibilityTimeout: VirtualDuration, now: VirtualTime
    ) -> WriteOutcome {
        let outcome = checkFence(message, token: token, now: now)
        guard outcome == .accepted, messages[message.index].lease != nil else { return outcome }
        messages[message.index].lease!.deadline = now + visibilityTimeout
        messages[message.index].lease!.renewals += 1
        return .accepted
    }

    /// Ends a lease whose deadline has come: the message is visible again. Returns false when
    /// the lease was already renewed, released or superseded (a stale deadline event).
    @discardableResult
    public mutating func expire(_ message: MessageID, token: FencingToken, now: VirtualTime) -> Bool {
        let current = messages[message.index]
        guard current.state == .leased, let lease = current.lease, lease.token == token, lease.deadline <= now else { return false }
        releaseLease(message.index)
        makeReady(message.index)
        return true
    }

    // MARK: delays and placement

    /// Makes every delayed message whose time has come visible; returns them.
    public mutating func promoteDue(now: VirtualTime) -> [MessageID] {
        var promoted: [MessageID] = []
        while let first = delayed.min, first.visibleAt <= now {
            delayed.removeMin()
            let index = Int(first.message)
            guard messages[index].state == .delayed, messages[index].epoch == first.epoch else { continue }
            delayedTotal -= 1
            makeReady(index)
            promoted.append(messages[index].id)
        }
        return promoted
    }

    /// The earliest time a delayed message becomes visible, if any.
    public var nextVisibleAt: VirtualTime? { delayed.min?.visibleAt }

    /// Moves a ready message to another target node (rebalance). Returns false if it is not ready.
    @discardableResult
    public mutating func retarget(_ message: MessageID, to node: NodeID) -> Bool {
        let index = message.index
        guard messages[index].state == .ready else {
            if messages[index].state == .delayed { messages[index].target = node }
            return messages[index].state == .delayed
        }
        leaveReady(index)
        messages[index].target = node
        makeReady(index)
        return true
    }

    /// Ready messages targeted at `node`, oldest first, at most `limit` of them.
    public mutating func readyMessages(targetedAt node: NodeID, limit: Int) -> [MessageID] {
        compactIfSparse(node.index)
        var result: [MessageID] = []
        result.reserveCapacity(min(limit, readyCount[node.index]))
        for entry in readyByNode[node.index] where result.count < limit && isValid(entry) {
            result.append(MessageID(Int(entry.message)))
        }
        return result
    }

    // MARK: internals

    private mutating func makeReady(_ index: Int) {
        messages[index].epoch &+= 1
        messages[index].state = .ready
        let entry = ReadyEntry(message: Int32(index), epoch: messages[index].epoch)
        let target = messages[index].target.index
        readyByNode[target].append(entry)
        readyGlobal.append(entry)
        readyCount[target] += 1
        readyTotal += 1
    }

    private mutating func leaveReady(_ index: Int) {
        precondition(messages[index].state == .ready, "only a ready message can leave the ready lists")
        messages[index].epoch &+= 1
        readyCount[messages[index].target.index] -= 1
        readyTotal -= 1
        messages[index].state = .delayed  // callers set the real next state
    }

    private mutating func scheduleVisibility(_ message: MessageID, at time: VirtualTime) {
        messages[message.index].state = .delayed
        messages[message.index].visibleAt = time
        messages[message.index].epoch &+= 1
        delayed.insert(DelayedEntry(visibleAt: time, message: Int32(message.index), epoch: messages[message.index].epoch))
        delayedTotal += 1
    }

    private mutating func releaseLease(_ index: Int) {
        if messages[index].state == .leased { leasedTotal -= 1 }
        messages[index].lease = nil
    }

    /// Drops stale entries from a node's list once they outnumber the live ones, so the list
    /// stays proportional to the node's real backlog.
    private mutating func compactIfSparse(_ node: Int) {
        guard readyByNode[node].count > 2 * readyCount[node] + 64 else { return }
        readyByNode[node] = Deque(readyByNode[node].filter(isValid))
    }
}
