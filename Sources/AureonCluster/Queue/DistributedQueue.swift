import AureonEngine
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
        /// Dequeues that left ready work alone because it had not waited `steal_after` yet.
        public var stealsDeferred = 0
    }

    /// Per message, split by what is read together, in 32-byte records that never straddle a
    /// cache line: `hot` is what every dequeue and fenced write reads; `leases` is written once
    /// per lease (and holds the task, read at the same moment). Whole `QueueMessage`s were 136
    /// bytes, so each random access to one cost two or three cache misses on the
    /// million-message benchmark. `subscript` assembles the public `QueueMessage`.
    private var hot: ContiguousArray<HotState> = []
    private var leases: ContiguousArray<LeaseDetails> = []
    /// While delayed: when the message becomes visible. While ready: since when it has been
    /// ready (what `steal_after` is measured from).
    private var visibleAt: ContiguousArray<VirtualTime> = []
    /// Progress of each task's latest accepted checkpoint: the resume point a grant carries.
    /// A flat array beside the message, so a grant does not search the checkpoint store.
    private var resumeProgress: ContiguousArray<Double> = []
    /// Slots of settled messages, reused (last in, first out) before the arrays grow.
    private var recycledSlots: [Int32] = []

    struct HotState {
        /// The newest token handed out; while leased it is the lease's token.
        var lastToken: UInt64
        /// The lease deadline while leased.
        var deadline: VirtualTime
        var target: Int32
        /// See `QueueMessage.epoch`.
        var epoch: UInt32
        var receiveCount: UInt32
        var state: MessageState
        /// The final checkpoint was accepted: the task is done even if its ack never comes.
        var isCommitted = false
        /// Its iteration is over: the slot is recycled as soon as the ack lands.
        var recycleWhenAcked = false
    }

    /// The message's task and the fields of its current lease that fenced writes do not read.
    struct LeaseDetails {
        var acquiredAt: VirtualTime = .zero
        let task: TaskRef
        var holder: Int32 = 0
        var incarnation: Int32 = 0
        var renewals: Int32 = 0
    }
    private var readyByNode: [ReadyFIFO<ReadyEntry>]
    private var readyGlobal = ReadyFIFO<ReadyEntry>()
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
        readyByNode = Array(repeating: ReadyFIFO(), count: nodeCount)
        readyCount = Array(repeating: 0, count: nodeCount)
        assert(MemoryLayout<HotState>.stride == 32 && MemoryLayout<LeaseDetails>.stride == 32, "per-message records fit half a cache line")
        self.maxReceiveCount = maxReceiveCount
        self.defects = defects
    }

    /// The message as the console and tests see it, assembled from the split storage.
    /// A message is leased exactly when it has a lease (every path that ends a lease also
    /// leaves the leased state), so the lease is rebuilt from the state.
    public subscript(id: MessageID) -> QueueMessage {
        let index = id.index
        let message = hot[index]
        var lease: Lease?
        if message.state == .leased {
            let details = leases[index]
            lease = Lease(message: id, holder: NodeID(Int(details.holder)), incarnation: Int(details.incarnation),
                          token: FencingToken(message.lastToken), acquiredAt: details.acquiredAt, deadline: message.deadline,
                          renewals: Int(details.renewals))
        }
        return QueueMessage(
            id: id, task: leases[index].task, target: NodeID(Int(message.target)), state: message.state,
            receiveCount: Int(message.receiveCount), lastToken: FencingToken(message.lastToken), lease: lease,
            visibleAt: visibleAt[index], epoch: message.epoch)
    }

    /// Every message, assembled (O(n): for tests and tools, not for hot paths).
    public var messages: [QueueMessage] { (0..<hot.count).map { self[MessageID($0)] } }

    /// Number of messages ever enqueued.
    public var messageCount: Int { hot.count }

    // Hot-path accessors that read one field without assembling a `QueueMessage`.
    @inline(__always) func task(of message: MessageID) -> TaskRef { leases[message.index].task }
    @inline(__always) func target(of message: MessageID) -> NodeID { NodeID(Int(hot[message.index].target)) }
    @inline(__always) func receiveCount(of message: MessageID) -> Int { Int(hot[message.index].receiveCount) }
    /// The current lease's token and deadline, if the message is leased.
    @inline(__always) func leaseTerms(of message: MessageID) -> (token: FencingToken, deadline: VirtualTime)? {
        let current = hot[message.index]
        return current.state == .leased ? (FencingToken(current.lastToken), current.deadline) : nil
    }
    /// The newest token handed out for this message.
    @inline(__always) func lastToken(of message: MessageID) -> FencingToken { FencingToken(hot[message.index].lastToken) }
    /// How often the current lease was renewed.
    func renewals(of message: MessageID) -> Int { Int(leases[message.index].renewals) }
    /// The holder of the current (or last) lease.
    func holder(of message: MessageID) -> NodeID { NodeID(Int(leases[message.index].holder)) }

    // MARK: enqueue

    /// Adds a message for `target`, visible now or after `delay`.
    public mutating func enqueue(_ task: TaskRef, target: NodeID, delay: VirtualDuration = .zero, now: VirtualTime) -> MessageID {
        let id: MessageID
        if let slot = recycledSlots.popLast() {
            // A settled message's slot: its token and epoch carry on, so a zombie still holding
            // the old message's token is refused and old ready or delayed entries stay invalid.
            id = MessageID(Int(slot))
            let previous = hot[id.index]
            precondition(previous.state == .acked || previous.state == .deadLettered, "only settled messages are recycled")
            hot[id.index] = HotState(lastToken: previous.lastToken, deadline: .zero, target: Int32(target.index),
                                     epoch: previous.epoch, receiveCount: 0, state: .delayed)
            assert(!hot[id.index].isCommitted && !hot[id.index].recycleWhenAcked, "a reused slot starts uncommitted")
            leases[id.index] = LeaseDetails(task: task)
            visibleAt[id.index] = now + delay
            resumeProgress[id.index] = 0
        } else {
            precondition(hot.count < Self.capacity, "queue over capacity")
            id = MessageID(hot.count)
            hot.append(HotState(lastToken: 0, deadline: .zero, target: Int32(target.index), epoch: 0, receiveCount: 0, state: .delayed))
            leases.append(LeaseDetails(task: task))
            visibleAt.append(now + delay)
            resumeProgress.append(0)
        }
        if delay > .zero {
            scheduleVisibility(id, at: now + delay)
        } else {
            makeReady(id.index, now: now)
        }
        return id
    }

    /// Hands the slots of settled (acked or dead-lettered) messages back for reuse, so a
    /// long-running cluster's queue is as large as its live work, not its whole history.
    /// A committed message whose ack is still on its way is recycled when the ack lands.
    public mutating func recycle(_ ids: [MessageID]) {
        for id in ids {
            switch hot[id.index].state {
            case .acked, .deadLettered: recycledSlots.append(Int32(id.index))
            default: if hot[id.index].isCommitted { hot[id.index].recycleWhenAcked = true }
            }
        }
    }

    /// Grows storage once for a batch that is about to be enqueued.
    public mutating func reserveCapacity(forAdditionalMessages count: Int) {
        hot.reserveCapacity(hot.count + count)
        visibleAt.reserveCapacity(visibleAt.count + count)
        leases.reserveCapacity(leases.count + count)
        resumeProgress.reserveCapacity(resumeProgress.count + count)
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
    /// anywhere — but only once it has been ready for `stealAfter`, so that a node does not
    /// take work its target is about to pull. Messages received `maxReceiveCount` times are
    /// dead-lettered on the way and reported through `deadLettered`.
    public mutating func dequeue(
        for node: NodeID, incarnation: Int, visibilityTimeout: VirtualDuration, stealAfter: VirtualDuration, now: VirtualTime,
        deadLettered: inout [MessageID]
    ) -> Delivery? {
        stats.dequeues += 1
        if let index = takeFirstValid(fromNode: node.index, deadLettered: &deadLettered) {
            return lease(index, to: node, incarnation: incarnation, timeout: visibilityTimeout, now: now, stolen: false)
        }
        if let index = takeFirstStealable(notAfter: now - stealAfter, deadLettered: &deadLettered) {
            let stolen = Int(hot[index].target) != node.index
            stats.steals += stolen ? 1 : 0
            return lease(index, to: node, incarnation: incarnation, timeout: visibilityTimeout, now: now, stolen: stolen)
        }
        return nil
    }

    /// The oldest ready message if it has been ready since `readySince` or earlier, else nil.
    public mutating func oldestReadySince() -> VirtualTime? {
        while let entry = readyGlobal.first {
            if isValid(entry) { return visibleAt[Int(entry.message)] }
            _ = readyGlobal.popFirst()
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

    private mutating func takeFirstStealable(notAfter latest: VirtualTime, deadLettered: inout [MessageID]) -> Int? {
        while let entry = readyGlobal.first {
            stats.entriesExamined += 1
            let index = Int(entry.message)
            if defects.contains(.doubleDelivery), hot[index].state == .leased, hot[index].epoch == entry.epoch {
                _ = readyGlobal.popFirst()
                return index
            }
            guard isValid(entry) else {
                _ = readyGlobal.popFirst()
                continue
            }
            // Ready order is the FIFO's order: if the oldest has not waited long enough, none has.
            guard visibleAt[index] <= latest else {
                stats.stealsDeferred += 1
                return nil
            }
            _ = readyGlobal.popFirst()
            if exceedsReceiveLimit(index, deadLettered: &deadLettered) { continue }
            return index
        }
        return nil
    }

    private func isValid(_ entry: ReadyEntry) -> Bool {
        let message = hot[Int(entry.message)]
        return message.state == .ready && message.epoch == entry.epoch
    }

    private mutating func exceedsReceiveLimit(_ index: Int, deadLettered: inout [MessageID]) -> Bool {
        // A committed task whose acks kept getting lost is done: it is delivered again so that
        // its holder acks it, never dead-lettered.
        guard Int(hot[index].receiveCount) >= maxReceiveCount, !hot[index].isCommitted else { return false }
        leaveReady(index)
        hot[index].state = .deadLettered
        deadLetteredTotal += 1
        deadLettered.append(MessageID(index))
        return true
    }

    private mutating func lease(
        _ index: Int, to node: NodeID, incarnation: Int, timeout: VirtualDuration, now: VirtualTime, stolen: Bool
    ) -> Delivery {
        if hot[index].state == .ready { leaveReady(index) } else { leasedTotal -= 1 }  // double delivery defect
        let token = FencingToken(hot[index].lastToken + 1)
        let lease = Lease(message: MessageID(index), holder: node, incarnation: incarnation, token: token,
                          acquiredAt: now, deadline: now + timeout, renewals: 0)
        hot[index].lastToken = token.value
        hot[index].deadline = lease.deadline
        hot[index].receiveCount += 1
        hot[index].state = .leased
        leases[index].acquiredAt = now
        leases[index].holder = Int32(node.index)
        leases[index].incarnation = Int32(incarnation)
        leases[index].renewals = 0
        leasedTotal += 1
        if defects.contains(.doubleDelivery) {
            readyGlobal.append(ReadyEntry(message: Int32(index), epoch: hot[index].epoch))
        }
        assert(hot[index].lastToken == lease.token.value, "postcondition: newest token is the lease's")
        return Delivery(lease: lease, receiveCount: Int(hot[index].receiveCount), stolen: stolen)
    }

    // MARK: writes fenced by token

    /// Checks a fenced write against the current lease. A lease whose deadline has passed is
    /// expired on the spot, so no write ever lands after its deadline, whatever the order of
    /// same-instant events.
    public mutating func checkFence(_ message: MessageID, token: FencingToken, now: VirtualTime) -> WriteOutcome {
        let current = hot[message.index]
        if defects.contains(.ignoreFencing) { return current.state == .leased ? .accepted : .stale(current: FencingToken(current.lastToken)) }
        guard current.state == .leased, current.lastToken == token.value else {
            return .stale(current: FencingToken(current.lastToken))
        }
        if now >= current.deadline {
            expire(message, token: token, now: now)
            return .expired
        }
        return .accepted
    }

    /// Records the final checkpoint: the task is committed, whatever becomes of its ack.
    mutating func markCommitted(_ message: MessageID) { hot[message.index].isCommitted = true }
    @inline(__always) func isCommitted(_ message: MessageID) -> Bool { hot[message.index].isCommitted }

    /// The resume point of a task (progress of its latest accepted checkpoint).
    @inline(__always) func resumePoint(of message: MessageID) -> Double { resumeProgress[message.index] }
    mutating func setResumePoint(_ progress: Double, of message: MessageID) { resumeProgress[message.index] = progress }

    /// Acknowledges a leased message: done for good.
    public mutating func ack(_ message: MessageID, token: FencingToken, now: VirtualTime) -> WriteOutcome {
        let outcome = checkFence(message, token: token, now: now)
        guard outcome == .accepted else { return outcome }
        if hot[message.index].state == .leased { leasedTotal -= 1 }
        hot[message.index].state = .acked
        ackedTotal += 1
        if hot[message.index].recycleWhenAcked { recycledSlots.append(Int32(message.index)) }
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
            hot[message.index].state = .deadLettered
            deadLetteredTotal += 1
        } else if delay > .zero {
            scheduleVisibility(message, at: now + delay)
        } else {
            makeReady(message.index, now: now)
        }
        return .accepted
    }

    /// Renews a lease: the deadline moves to `now + visibilityTimeout`.
    public mutating func extendVisibility(
        _ message: MessageID, token: FencingToken, visibilityTimeout: VirtualDuration, now: VirtualTime
    ) -> WriteOutcome {
        let outcome = checkFence(message, token: token, now: now)
        // Accepted with `ignoreFencing` means leased too: releases always leave the leased state.
        guard outcome == .accepted, hot[message.index].state == .leased else { return outcome }
        hot[message.index].deadline = now + visibilityTimeout
        leases[message.index].renewals += 1
        return .accepted
    }

    /// Ends a lease whose deadline has come: the message is visible again. Returns false when
    /// the lease was already renewed, released or superseded (a stale deadline event).
    @discardableResult
    public mutating func expire(_ message: MessageID, token: FencingToken, now: VirtualTime) -> Bool {
        let current = hot[message.index]
        guard current.state == .leased, current.lastToken == token.value, current.deadline <= now else { return false }
        releaseLease(message.index)
        makeReady(message.index, now: now)
        return true
    }

    // MARK: delays and placement

    /// Makes every delayed message whose time has come visible; returns them.
    public mutating func promoteDue(now: VirtualTime) -> [MessageID] {
        var promoted: [MessageID] = []
        while let first = delayed.min, first.visibleAt <= now {
            delayed.removeMin()
            let index = Int(first.message)
            guard hot[index].state == .delayed, hot[index].epoch == first.epoch else { continue }
            delayedTotal -= 1
            makeReady(index, now: now)
            promoted.append(MessageID(index))
        }
        return promoted
    }

    /// The earliest time a delayed message becomes visible, if any.
    public var nextVisibleAt: VirtualTime? { delayed.min?.visibleAt }

    /// Moves a ready message to another target node (rebalance). Returns false if it is not ready.
    @discardableResult
    public mutating func retarget(_ message: MessageID, to node: NodeID, now: VirtualTime) -> Bool {
        let index = message.index
        guard hot[index].state == .ready else {
            if hot[index].state == .delayed { hot[index].target = Int32(node.index) }
            return hot[index].state == .delayed
        }
        leaveReady(index)
        hot[index].target = Int32(node.index)
        makeReady(index, now: now)
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

    private mutating func makeReady(_ index: Int, now: VirtualTime) {
        visibleAt[index] = now
        hot[index].epoch &+= 1
        hot[index].state = .ready
        let entry = ReadyEntry(message: Int32(index), epoch: hot[index].epoch)
        let target = Int(hot[index].target)
        readyByNode[target].append(entry)
        readyGlobal.append(entry)
        readyCount[target] += 1
        readyTotal += 1
    }

    private mutating func leaveReady(_ index: Int) {
        precondition(hot[index].state == .ready, "only a ready message can leave the ready lists")
        hot[index].epoch &+= 1
        readyCount[Int(hot[index].target)] -= 1
        readyTotal -= 1
        hot[index].state = .delayed  // callers set the real next state
    }

    private mutating func scheduleVisibility(_ message: MessageID, at time: VirtualTime) {
        hot[message.index].state = .delayed
        visibleAt[message.index] = time
        hot[message.index].epoch &+= 1
        delayed.insert(DelayedEntry(visibleAt: time, message: Int32(message.index), epoch: hot[message.index].epoch))
        delayedTotal += 1
    }

    private mutating func releaseLease(_ index: Int) {
        if hot[index].state == .leased { leasedTotal -= 1 }
    }

    /// Drops stale entries from a node's list once they outnumber the live ones, so the list
    /// stays proportional to the node's real backlog.
    private mutating func compactIfSparse(_ node: Int) {
        guard readyByNode[node].count > 2 * readyCount[node] + 64 else { return }
        readyByNode[node] = ReadyFIFO(readyByNode[node].filter(isValid))
    }
}
