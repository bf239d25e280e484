import AureonEngine
import DequeModule

/// The data plane's server: the work queue (`DistributedQueue`) with its checkpoint store,
/// answering the nodes' messages.
///
/// It owns every fencing decision: a write must carry the current lease's token, arrive
/// before the deadline, and come from an incarnation the coordinator has not declared dead.
/// Pulls are long polls (SQS `WaitTimeSeconds`): a pull that finds no work is parked and
/// answered when work arrives for that node — or, once work has waited `steal_after`, for any
/// parked node — or empty after `pull_wait`. Validation of a final result happens here, as a
/// pure verdict per task and attempt (`TaskDraws`), before the final checkpoint is accepted.
struct QueueBroker {
    struct Settings: Sendable {
        let visibilityTimeout: VirtualDuration
        let stealAfter: VirtualDuration
        let pullWait: VirtualDuration
        let validationRejectProbability: Double
    }

    /// What the queue keeps of a run to hand out its tasks.
    struct RunCatalogEntry: Sendable {
        let spec: RunSpec
        /// The spec's shard keys as plain data: a checkpoint names its task without a copy of the spec.
        let layout: ShardLayout
        var iteration: Int
        var committedInIteration = 0
    }

    /// A pull waiting for work.
    struct ParkedPull: Sendable {
        let incarnation: Int
        let pullID: UInt32
        let want: Int
        let parkedAt: VirtualTime
    }

    /// One lease deadline as set by a grant or a renewal, in 16 bytes: the FIFO holds every
    /// lease set in the last visibility timeout, whether still in force or not (hundreds of
    /// thousands at W2, where 24-byte entries held about 40 bytes a shard).
    struct DeadlineEntry: Sendable {
        let deadline: VirtualTime
        let message: Int32
        /// The low 32 bits of the lease's token. With the deadline, enough to tell whether the
        /// entry is the lease in force: a message's tokens would have to pass 2^32 leases and
        /// land on the same deadline to be confused.
        let tokenBits: UInt32

        init(deadline: VirtualTime, message: MessageID, token: FencingToken) {
            precondition(message.index <= Int(Int32.max), "message indices fit 32 bits (the queue holds at most \(DistributedQueue.capacity))")
            self.deadline = deadline
            self.message = Int32(message.index)
            tokenBits = UInt32(truncatingIfNeeded: token.value)
        }

        var messageID: MessageID { MessageID(Int(message)) }
    }

    private(set) var queue: DistributedQueue
    var checkpoints: any CheckpointStore
    /// Whether saves reach the checkpoint store. Only views, tests and a checkpoint directory
    /// read its records; recovery resumes from the queue's own resume point, and the history
    /// (the `checkpoint_saved` events, the trace hash) is the same either way. Headless runs
    /// without a checkpoint directory turn it off: building and keeping a record per save was
    /// about 80 M of W1's 1,635 M instructions and 120 bytes a shard at W2.
    var keepsCheckpointRecords = true
    let settings: Settings
    var draws: TaskDraws
    /// Node names, made once: checkpoint drafts name two nodes per save, by index.
    let nodeNames: CheckpointNodeNames
    private(set) var runs: [RunCatalogEntry] = []
    /// Per node: incarnations up to this one are fenced (declared dead); 0 when none.
    private(set) var fencedThrough: [Int]
    /// Per node: the coordinator drained it; it gets no new lease.
    private(set) var isDraining: [Bool]
    private var parked: [ParkedPull?]
    /// Parked nodes in the order they parked (entries of nodes served since are skipped), each
    /// at most once (`isInParkedOrder`), so the list is bounded by the node count.
    private var parkedOrder = Deque<Int32>()
    private var isInParkedOrder: [Bool]
    /// When the pending steal check fires, if one is armed.
    private var stealCheckAt: VirtualTime?
    /// Whether each message's current lease resumed from a checkpoint (for `task_committed`).
    private var resumedLease: [Bool] = []
    /// Whether each message's task had a result rejected since it was enqueued: its retry
    /// reports `resumed_from` 0 (checkpoints discarded) rather than none.
    private var wasRejected: [Bool] = []
    private var checkpointSequence: UInt64 = 0
    /// Every lease deadline in the order it was set. Each is `now + visibility_timeout`, so
    /// that order is the order they fall due: one engine timer, for the first deadline still in
    /// force, serves them all, and deadlines of leases acked or renewed since are dropped
    /// without an engine event (one timer per lease doubled the heap's traffic).
    private var deadlines = ReadyFIFO<DeadlineEntry>()
    private var isDeadlineTimerPending = false
    /// Per node: a pull-wait timer is pending (at most one per node, see `pullWaitExpired`).
    private var isParkTimerPending: [Bool]
    /// Dead letters found while dequeuing, settled right after (reused buffer).
    private var deadLetterBuffer: [MessageID] = []

    init(configuration: ClusterConfiguration, checkpoints: any CheckpointStore, defects: QueueDefects) {
        let nodeCount = configuration.nodeCount
        queue = DistributedQueue(nodeCount: nodeCount, maxReceiveCount: configuration.maxReceiveCount, defects: defects)
        self.checkpoints = checkpoints
        settings = Settings(visibilityTimeout: configuration.visibilityTimeout, stealAfter: configuration.effectiveStealAfter,
                            pullWait: configuration.pullWait, validationRejectProbability: configuration.validationRejectProbability)
        draws = TaskDraws(seed: configuration.seed)
        let naming = configuration.naming
        nodeNames = CheckpointNodeNames((0..<nodeCount).map { naming.name(of: NodeID($0)) })
        fencedThrough = Array(repeating: 0, count: nodeCount)
        isDraining = Array(repeating: false, count: nodeCount)
        parked = Array(repeating: nil, count: nodeCount)
        isInParkedOrder = Array(repeating: false, count: nodeCount)
        isParkTimerPending = Array(repeating: false, count: nodeCount)
    }

    var defects: QueueDefects { queue.defects }

    private func isFenced(_ node: NodeID, incarnation: Int) -> Bool {
        !defects.contains(.ignoreDrainAndDeath) && !defects.contains(.ignoreFencing) && incarnation <= fencedThrough[node.index]
    }

    private func isServable(_ node: Int) -> Bool { defects.contains(.ignoreDrainAndDeath) || !isDraining[node] }

    /// Reads the two fields it needs in place: copying the run's entry (its spec's strings and
    /// arrays) retained and released them on every checkpoint.
    func taskID(for ref: TaskRef) -> TaskID {
        let slot = Int(ref.runSlot)
        return TaskID(run: runs[slot].spec.id, iteration: Int(ref.iteration), shard: runs[slot].layout.key(at: Int(ref.shard)))
    }

    // MARK: orders from the coordinator and the supervisor (local)

    /// Registers a run the first time one of its iterations is enqueued.
    mutating func register(_ spec: RunSpec, slot: Int) {
        precondition(slot == runs.count, "runs are registered in slot order")
        runs.append(RunCatalogEntry(spec: spec, layout: ShardLayout(spec), iteration: 0))
    }

    /// Enqueues one iteration's shards at their targets and wakes whoever waits for them.
    mutating func enqueue(iteration: Int, ofRunAt slot: Int, targets: [NodeID], now: VirtualTime, into effects: inout EffectSink) -> [MessageID] {
        runs[slot].iteration = iteration
        runs[slot].committedInIteration = 0
        queue.reserveCapacity(forAdditionalMessages: targets.count)
        if keepsCheckpointRecords { checkpoints.reserveCapacity(forAdditionalTasks: targets.count) }
        var messages: [MessageID] = []
        messages.reserveCapacity(targets.count)
        for (shard, target) in targets.enumerated() {
            let id = queue.enqueue(TaskRef(runSlot: slot, iteration: iteration, shard: shard), target: target, now: now)
            messages.append(id)
        }
        if resumedLease.count < queue.messageCount {
            resumedLease.append(contentsOf: repeatElement(false, count: queue.messageCount - resumedLease.count))
            wasRejected.append(contentsOf: repeatElement(false, count: queue.messageCount - wasRejected.count))
        }
        for message in messages { wasRejected[message.index] = false }
        // Deliberately broken (see `QueueDefects.processDependentOrder`): `Set` order follows
        // the per-process hash seed.
        let announced = defects.contains(.processDependentOrder) ? Array(Set(targets)) : targets
        for target in announced { announceReady(target: target, now: now, into: &effects) }
        return messages
    }

    /// Settled messages of a finished iteration give their slots back.
    mutating func recycle(_ messages: [MessageID]) { queue.recycle(messages) }

    /// The coordinator declared `incarnation` of `node` dead: refuse it from now on.
    mutating func fence(_ node: NodeID, incarnation: Int) {
        fencedThrough[node.index] = max(fencedThrough[node.index], incarnation)
        if let pull = parked[node.index], pull.incarnation <= incarnation { parked[node.index] = nil }
    }

    mutating func setDraining(_ node: NodeID, _ draining: Bool, now: VirtualTime, into effects: inout EffectSink) {
        isDraining[node.index] = draining
        if !draining, parked[node.index] != nil { serveParked(node.index, now: now, into: &effects) }
    }

    /// A killed node's connections are gone: its parked pull with them.
    mutating func connectionClosed(_ node: NodeID) { parked[node.index] = nil }

    // MARK: pulls

    mutating func receive(_ request: PullRequest, now: VirtualTime, into effects: inout EffectSink) {
        let node = request.node.index
        if isFenced(request.node, incarnation: request.incarnation) {
            respond(to: node, incarnation: request.incarnation, pullID: request.pullID, grants: .empty, fenced: true, into: &effects)
            return
        }
        precondition(request.want > 0 && request.want <= ClusterConfiguration.maxConcurrency, "a pull asks for 1…max_concurrency tasks")
        parked[node] = ParkedPull(incarnation: request.incarnation, pullID: request.pullID, want: request.want, parkedAt: now)
        if !isParkTimerPending[node] {
            isParkTimerPending[node] = true
            effects.arm(.pullWaitExpired(node: Int32(node)), at: now + settings.pullWait)
        }
        if !serveParked(node, now: now, into: &effects) {
            if !isInParkedOrder[node] {
                isInParkedOrder[node] = true
                parkedOrder.append(Int32(node))
            }
            armStealCheck(now: now, into: &effects)
        }
    }

    /// Answers a parked pull with whatever it may take now. Returns true when it was answered.
    @discardableResult
    private mutating func serveParked(_ node: Int, now: VirtualTime, into effects: inout EffectSink) -> Bool {
        guard let pull = parked[node], isServable(node), !defects.contains(.stallGrants) else { return false }
        let mark = effects.grantMark
        var granted = 0
        while granted < pull.want, let delivery = queue.dequeue(
            for: NodeID(node), incarnation: pull.incarnation, visibilityTimeout: settings.visibilityTimeout,
            stealAfter: settings.stealAfter, now: now, deadLettered: &deadLetterBuffer) {
            let leased = grant(delivery, now: now, into: &effects)
            effects.grant(leased)
            granted += 1
        }
        settleDeadLetters(now: now, into: &effects)
        guard granted > 0 else { return false }
        let grants = effects.grantSpan(since: mark)
        parked[node] = nil
        respond(to: node, incarnation: pull.incarnation, pullID: pull.pullID, grants: grants, fenced: false, into: &effects)
        return true
    }

    private func respond(to node: Int, incarnation: Int, pullID: UInt32, grants: GrantSpan, fenced: Bool, into effects: inout EffectSink) {
        let response = PullResponse(node: NodeID(node), incarnation: incarnation, pullID: pullID, grants: grants, fenced: fenced)
        effects.send(.leaseGrant(response), from: .queue, to: .node(NodeID(node)))
    }

    private mutating func grant(_ delivery: DistributedQueue.Delivery, now: VirtualTime, into effects: inout EffectSink) -> LeaseGrant {
        let lease = delivery.lease
        let message = lease.message
        let ref = queue.task(of: message)
        let slot = Int(ref.runSlot)
        var resumeFrom = queue.resumePoint(of: message)
        if defects.contains(.forgetCheckpoints) { resumeFrom = 0 }
        let committed = queue.isCommitted(message) && !defects.contains(.forgetCommits)
        resumedLease[message.index] = resumeFrom > 0
        if delivery.receiveCount > 1 {
            effects.emit(.taskRedelivered, node: lease.holder, task: ref,
                         detail: .redelivery(token: lease.token, deadline: lease.deadline, resumedFrom: resumeFrom > 0 || wasRejected[message.index] ? resumeFrom : nil,
                                             receiveCount: delivery.receiveCount, incarnation: lease.incarnation))
        } else {
            effects.emit(.shardLeased, node: lease.holder, task: ref,
                         detail: .lease(token: lease.token, deadline: lease.deadline, stolen: delivery.stolen, incarnation: lease.incarnation))
        }
        effects.append(.shardState(ref, .leased, owner: Int32(lease.holder.index)))
        track(deadline: lease.deadline, of: message, token: lease.token, into: &effects)
        return LeaseGrant(
            message: message, task: ref, token: lease.token, deadline: lease.deadline, attempt: delivery.receiveCount,
            resumeFrom: committed ? 1 : resumeFrom, alreadyCommitted: committed, work: draws.work(for: ref, range: runs[slot].spec.work),
            isPoison: !runs[slot].spec.poisonShards.isEmpty && runs[slot].spec.poisonShards.contains(Int(ref.shard)))
    }

    /// Work became ready for `target`: answer its parked pull, or arrange for a steal.
    private mutating func announceReady(target: NodeID, now: VirtualTime, into effects: inout EffectSink) {
        if parked[target.index] != nil, serveParked(target.index, now: now, into: &effects) { return }
        armStealCheck(now: now, into: &effects)
    }

    /// Arms the steal check for when the oldest ready message may be stolen, if some node is
    /// parked and no earlier check is pending.
    private mutating func armStealCheck(now: VirtualTime, into effects: inout EffectSink) {
        guard !parkedOrder.isEmpty, let oldest = queue.oldestReadySince() else { return }
        let due = max(now, oldest + settings.stealAfter)
        if let armed = stealCheckAt, armed <= due, armed >= now { return }
        stealCheckAt = due
        effects.arm(.stealCheck, at: due)
    }

    /// Ready work has waited `steal_after`: parked nodes take it, oldest parked first.
    mutating func stealCheck(now: VirtualTime, into effects: inout EffectSink) {
        guard stealCheckAt == now else { return }  // superseded by an earlier check
        stealCheckAt = nil
        // Each parked node is looked at once per check: bounded by the nodes, not the work.
        var kept: [Int32] = []
        var budget = parkedOrder.count
        while budget > 0, let entry = parkedOrder.popFirst() {
            budget -= 1
            let node = Int(entry)
            guard parked[node] != nil else {
                isInParkedOrder[node] = false
                continue
            }
            guard let oldest = queue.oldestReadySince(), oldest + settings.stealAfter <= now else {
                kept.append(entry)
                break
            }
            if serveParked(node, now: now, into: &effects) {
                isInParkedOrder[node] = false
            } else {
                kept.append(entry)  // draining: it waits for its resume
            }
        }
        for entry in kept.reversed() { parkedOrder.prepend(entry) }
        // Only a later check: what could be stolen now has been, by every node that may.
        if let oldest = queue.oldestReadySince(), oldest + settings.stealAfter > now { armStealCheck(now: now, into: &effects) }
    }

    /// The node's pull-wait timer: answer its parked pull empty if it has waited `pull_wait`,
    /// else wait for the newer pull's own time.
    mutating func pullWaitExpired(node: Int, now: VirtualTime, into effects: inout EffectSink) {
        isParkTimerPending[node] = false
        guard let pull = parked[node] else { return }
        let due = pull.parkedAt + settings.pullWait
        guard now >= due else {
            isParkTimerPending[node] = true
            effects.arm(.pullWaitExpired(node: Int32(node)), at: due)
            return
        }
        parked[node] = nil
        respond(to: node, incarnation: pull.incarnation, pullID: pull.pullID, grants: .empty, fenced: false, into: &effects)
    }

    // MARK: fenced writes

    /// Refuses a write from a fenced incarnation; returns true when it did.
    private func refusedFenced(_ write: FencedWrite, operation: String, into effects: inout EffectSink) -> Bool {
        guard isFenced(write.node, incarnation: write.incarnation) else { return false }
        effects.emit(.staleWriteRejected, node: write.node, task: queue.task(of: write.message),
                     detail: .staleWrite(operation: operation, presented: write.token, current: queue.lastToken(of: write.message)))
        return true
    }

    private mutating func rejectStale(_ write: FencedWrite, operation: String, outcome: WriteOutcome, now: VirtualTime,
                                      into effects: inout EffectSink) {
        let ref = queue.task(of: write.message)
        let current: FencingToken
        switch outcome {
        case let .stale(token): current = token
        case .expired, .accepted: current = write.token
        }
        effects.emit(.staleWriteRejected, node: write.node, task: ref,
                     detail: .staleWrite(operation: operation, presented: write.token, current: current))
        if outcome == .expired { leaseExpired(write.message, holder: write.node, token: write.token, now: now, into: &effects) }
    }

    private func reply(_ write: FencedWrite, _ outcome: WriteReply.Outcome, kind: (WriteReply) -> NetworkMessage, isFinal: Bool = false,
                       into effects: inout EffectSink) {
        let answer = WriteReply(node: write.node, incarnation: write.incarnation, execution: write.execution, slot: write.slot,
                                isFinal: isFinal, outcome: outcome)
        effects.send(kind(answer), from: .queue, to: .node(write.node))
    }

    mutating func receiveRenew(_ write: FencedWrite, now: VirtualTime, into effects: inout EffectSink) {
        if refusedFenced(write, operation: "renew", into: &effects) {
            reply(write, .fenced, kind: NetworkMessage.renewReply, into: &effects)
            return
        }
        let outcome = queue.extendVisibility(write.message, token: write.token, visibilityTimeout: settings.visibilityTimeout, now: now)
        guard outcome == .accepted, let terms = queue.leaseTerms(of: write.message) else {
            rejectStale(write, operation: "renew", outcome: outcome, now: now, into: &effects)
            reply(write, .stale, kind: NetworkMessage.renewReply, into: &effects)
            return
        }
        track(deadline: terms.deadline, of: write.message, token: write.token, into: &effects)
        effects.emit(.leaseRenewed, node: write.node, task: queue.task(of: write.message),
                     detail: .renewal(token: write.token, deadline: terms.deadline, renewals: queue.renewals(of: write.message)))
        reply(write, .accepted(deadline: terms.deadline), kind: NetworkMessage.renewReply, into: &effects)
    }

    mutating func receiveCheckpoint(_ checkpoint: CheckpointWrite, now: VirtualTime, into effects: inout EffectSink) {
        let write = checkpoint.write
        let operation = checkpoint.isFinal ? "final_checkpoint" : "checkpoint"
        if refusedFenced(write, operation: operation, into: &effects) {
            reply(write, .fenced, kind: NetworkMessage.checkpointReply, isFinal: checkpoint.isFinal, into: &effects)
            return
        }
        let message = write.message
        let outcome = queue.checkFence(message, token: write.token, now: now)
        guard outcome == .accepted else {
            rejectStale(write, operation: operation, outcome: outcome, now: now, into: &effects)
            reply(write, .stale, kind: NetworkMessage.checkpointReply, isFinal: checkpoint.isFinal, into: &effects)
            return
        }
        let ref = queue.task(of: message)
        if !checkpoint.isFinal, checkpoint.progress < queue.resumePoint(of: message) {
            // Overtaken on the wire by a later checkpoint (or the commit): the store keeps
            // progress monotone, so the older write is superseded, not saved.
            reply(write, .accepted(deadline: now), kind: NetworkMessage.checkpointReply, into: &effects)
            return
        }
        if checkpoint.isFinal {
            if queue.isCommitted(message) && !defects.contains(.forgetCommits) {
                // The holder re-sent its final checkpoint (the answer was lost): same commit.
                reply(write, .accepted(deadline: now), kind: NetworkMessage.checkpointReply, isFinal: checkpoint.isFinal, into: &effects)
                return
            }
            let attempt = queue.receiveCount(of: message)
            guard draws.isValid(ref, attempt: attempt, rejectProbability: settings.validationRejectProbability) else {
                rejectResult(write, ref: ref, attempt: attempt, now: now, into: &effects)
                return
            }
        }
        save(checkpoint, ref: ref, now: now, into: &effects)
        if checkpoint.isFinal {
            queue.markCommitted(message)
            runs[Int(ref.runSlot)].committedInIteration += 1
            effects.emit(.taskCommitted, node: write.node, task: ref, detail: .commit(token: write.token, resumed: resumedLease[message.index]))
            effects.append(.shardState(ref, .committed, owner: Int32(write.node.index)))
            effects.append(.settled(ref, committed: true))
        }
        reply(write, .accepted(deadline: now), kind: NetworkMessage.checkpointReply, isFinal: checkpoint.isFinal, into: &effects)
    }

    /// Supervision judged the attempt's result wrong: its checkpoints no longer count, and the
    /// task goes back to the queue to be worked again from zero.
    private mutating func rejectResult(_ write: FencedWrite, ref: TaskRef, attempt: Int, now: VirtualTime, into effects: inout EffectSink) {
        let outcome = queue.nack(write.message, token: write.token, requeue: true, now: now)
        assert(outcome == .accepted, "the fence was checked an instant ago")
        // The records stay in the store's history; the resume point is what no longer counts.
        queue.setResumePoint(0, of: write.message)
        wasRejected[write.message.index] = true
        effects.emit(.validationRejected, node: write.node, task: ref, detail: .validation(token: write.token, attempt: attempt))
        effects.append(.shardState(ref, .pending, owner: -1))
        reply(write, .rejected, kind: NetworkMessage.checkpointReply, isFinal: true, into: &effects)
        announceReady(target: queue.target(of: write.message), now: now, into: &effects)
    }

    private mutating func save(_ checkpoint: CheckpointWrite, ref: TaskRef, now: VirtualTime, into effects: inout EffectSink) {
        let write = checkpoint.write
        let slot = Int(ref.runSlot)
        checkpointSequence += 1
        if keepsCheckpointRecords {
            let draft = CheckpointDraft(
                sequence: checkpointSequence, run: runs[slot].spec.id, iteration: Int(ref.iteration), shard: runs[slot].layout.key(at: Int(ref.shard)),
                node: write.node, targetNode: queue.target(of: write.message), createdAt: now, token: write.token,
                payload: .init(progress: checkpoint.progress, partialResult: draws.residual(for: ref) * checkpoint.progress),
                supervisorSnapshot: .init(iteration: runs[slot].iteration, committedShards: runs[slot].committedInIteration),
                strategy: runs[slot].spec.strategy, dataset: runs[slot].spec.dataset, nodeNames: nodeNames)
            // The in-memory store cannot fail; a durable mirror reports its own I/O errors
            // outside the simulation, so the history never depends on the disk.
            try? checkpoints.save(draft)
        }
        queue.setResumePoint(max(queue.resumePoint(of: write.message), checkpoint.progress), of: write.message)
        effects.emit(.checkpointSaved, node: write.node, task: ref, detail: .checkpoint(token: write.token, progress: checkpoint.progress))
    }

    mutating func receiveAck(_ write: FencedWrite, now: VirtualTime, into effects: inout EffectSink) {
        if refusedFenced(write, operation: "ack", into: &effects) { return }
        let outcome = queue.ack(write.message, token: write.token, now: now)
        guard outcome == .accepted else {
            rejectStale(write, operation: "ack", outcome: outcome, now: now, into: &effects)
            return
        }
        let ref = queue.task(of: write.message)
        if !queue.isCommitted(write.message) {
            // Only a committed task is acked by a correct node; settle it anyway so nothing hangs.
            effects.append(.settled(ref, committed: true))
        }
    }

    mutating func receiveNack(_ write: FencedWrite, delay: VirtualDuration, failure: ExecutionFailure, now: VirtualTime,
                              into effects: inout EffectSink) {
        if refusedFenced(write, operation: "nack", into: &effects) { return }
        let outcome = queue.nack(write.message, token: write.token, requeue: true, delay: delay, now: now)
        guard outcome == .accepted else {
            rejectStale(write, operation: "nack", outcome: outcome, now: now, into: &effects)
            return
        }
        let ref = queue.task(of: write.message)
        effects.emit(.taskFailed, node: write.node, task: ref, detail: .ended(token: write.token, reason: failure.reason(on: nodeNames[write.node])))
        effects.append(.shardState(ref, .pending, owner: -1))
        if delay > .zero {
            effects.arm(.visibilityDue, at: now + delay)
        } else {
            announceReady(target: queue.target(of: write.message), now: now, into: &effects)
        }
    }

    // MARK: timers

    /// Records a lease's deadline, and arms the deadline timer if none is pending.
    private mutating func track(deadline: VirtualTime, of message: MessageID, token: FencingToken, into effects: inout EffectSink) {
        assert(deadlines.last.map { $0.deadline <= deadline } ?? true, "deadlines are set in the order they fall due")
        deadlines.append(DeadlineEntry(deadline: deadline, message: message, token: token))
        armDeadlineTimer(into: &effects)
    }

    /// The lease's token while the entry is its current deadline (not acked, renewed or
    /// expired); nil otherwise.
    private func tokenInForce(_ entry: DeadlineEntry) -> FencingToken? {
        guard let terms = queue.leaseTerms(of: entry.messageID),
              UInt32(truncatingIfNeeded: terms.token.value) == entry.tokenBits, terms.deadline == entry.deadline else { return nil }
        return terms.token
    }

    private mutating func armDeadlineTimer(into effects: inout EffectSink) {
        guard !isDeadlineTimerPending else { return }
        while let head = deadlines.first, tokenInForce(head) == nil { _ = deadlines.popFirst() }
        guard let head = deadlines.first else { return }
        isDeadlineTimerPending = true
        effects.arm(.leaseDeadlines, at: head.deadline)
    }

    /// Deadlines have come: every lease still in force at its deadline expires.
    mutating func leaseDeadlinesDue(now: VirtualTime, into effects: inout EffectSink) {
        isDeadlineTimerPending = false
        // Bounded by the entries: each is popped once.
        while let head = deadlines.first, head.deadline <= now {
            _ = deadlines.popFirst()
            guard let token = tokenInForce(head) else { continue }
            let message = head.messageID
            let holder = queue.holder(of: message)
            if queue.expire(message, token: token, now: now) {
                leaseExpired(message, holder: holder, token: token, now: now, into: &effects)
            }
        }
        armDeadlineTimer(into: &effects)
    }

    /// Bookkeeping once the queue has made an expired lease's message visible again.
    private mutating func leaseExpired(_ message: MessageID, holder: NodeID, token: FencingToken, now: VirtualTime, into effects: inout EffectSink) {
        let ref = queue.task(of: message)
        effects.emit(.leaseExpired, node: holder, task: ref, detail: .expiry(token: token, holder: holder))
        if !queue.isCommitted(message) { effects.append(.shardState(ref, .pending, owner: -1)) }
        announceReady(target: queue.target(of: message), now: now, into: &effects)
    }

    mutating func visibilityDue(now: VirtualTime, into effects: inout EffectSink) {
        for message in queue.promoteDue(now: now) { announceReady(target: queue.target(of: message), now: now, into: &effects) }
    }

    private mutating func settleDeadLetters(now: VirtualTime, into effects: inout EffectSink) {
        guard !deadLetterBuffer.isEmpty else { return }
        let found = deadLetterBuffer
        deadLetterBuffer.removeAll(keepingCapacity: true)
        for message in found {
            let ref = queue.task(of: message)
            effects.emit(.deadLettered, task: ref,
                         detail: .reason("received \(queue.receiveCount(of: message)) times (max_receive_count \(queue.maxReceiveCount))"))
            effects.append(.shardState(ref, .deadLettered, owner: -1))
            effects.append(.settled(ref, committed: false))
        }
    }

    // MARK: rebalance

    /// Moves unstarted shards off nodes that cannot take them (`placeable` false) and off
    /// overloaded ones, onto the least-loaded placeable nodes. Returns how many moved.
    @discardableResult
    mutating func rebalance(placeable: [Bool], activeTasks: [Int], now: VirtualTime, into effects: inout EffectSink) -> Int {
        let readyCount = queue.readyCount
        let placeableNodes = placeable.indices.filter { placeable[$0] }
        let total = readyCount.reduce(0, +)
        guard !placeableNodes.isEmpty, total > 0 else { return 0 }
        let fairShare = (total + placeableNodes.count - 1) / placeableNodes.count
        var moved = 0
        // One placement heap serves every source whose moves only raise other nodes' loads; a
        // placeable (overloaded) source is excluded from its own placement, so the heap is
        // rebuilt around it.
        var placement: PlacementQueue?
        for source in readyCount.indices where readyCount[source] > 0 {
            let keep = placeable[source] ? fairShare : 0
            guard !placeable[source] || readyCount[source] > 2 * fairShare + 1 else { continue }
            let excess = queue.readyCount[source] - keep
            guard excess > 0 else { continue }
            let messages = Array(queue.readyMessages(targetedAt: NodeID(source), limit: Int.max).suffix(excess))
            if placement == nil || placeable[source] {
                placement = PlacementQueue(placeable: placeable, load: queue.readyCount, activeTasks: activeTasks, excluding: source)
            }
            guard placement?.isEmpty == false, let targets = placement?.take(messages.count) else { continue }
            if placeable[source] { placement = nil }
            for (message, target) in zip(messages, targets) {
                queue.retarget(message, to: target, now: now)
                announceReady(target: target, now: now, into: &effects)
            }
            moved += messages.count
            effects.emit(.rebalanced, node: NodeID(source), detail: .moved(count: messages.count))
        }
        return moved
    }
}
