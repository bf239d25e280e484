import AureonEngine

/// One node (the seed's `NodeOrchestrator`): identity, slots, its lease manager, and what it
/// believes about itself.
///
/// A sans-I/O state machine: it changes only in its own methods, each driven by a message or
/// a timer delivered at an exact virtual time, and it answers with effects (messages to send,
/// timers to arm, events to emit). It never polls: an idle node has one long-polling pull
/// parked at the queue, and is woken by its answer. Its `health` is its own view (healthy or
/// draining); the coordinator's view, which may say unresponsive or dead, is
/// `ClusterCoordinator.NodeView`.
public struct NodeOrchestrator: Sendable {
    public let id: NodeID
    public let name: String
    public let role: NodeRole
    public let maxConcurrency: Int
    public internal(set) var health: NodeHealth = .healthy
    /// Stopped by the operator: no messages, no timers, in-flight work lost.
    public internal(set) var isKilled = false
    public internal(set) var incarnation = 1
    /// The executions by slot. Grown on demand up to `maxConcurrency` and trimmed of trailing
    /// free slots, so a node's memory follows its peak of running work, not its concurrency
    /// (100,000 nodes × 1,024 slots would otherwise be gigabytes of empty slots). A new
    /// execution takes the lowest free slot, as it would in a full-size table.
    public internal(set) var slots: [RunningTask?] = []
    public internal(set) var activeCount = 0
    public internal(set) var completedCount = 0
    /// Faults applied to this node (the partition flag is shown here; the messenger enforces it).
    public internal(set) var faults = NodeFaults()

    let settings: NodeSettings
    /// Task failures and checkpoint-write failures: the node's own stream, so one node's draws
    /// do not shift another's.
    var random: SeededRandom
    var nextExecution: UInt64 = 1
    /// A pull is in flight or parked at the queue; its number, and when it was sent.
    var isPullOutstanding = false
    var pullID: UInt32 = 0
    var pullSentAt = VirtualTime.zero
    /// A pull-timeout timer is pending for this incarnation. At most one is: when it fires it
    /// looks at the pull outstanding then, so a node does not leave one timer per pull behind
    /// in the engine (nearly all of them answered long before).
    var isPullTimerPending = false

    init(id: NodeID, name: String, role: NodeRole, maxConcurrency: Int, settings: NodeSettings, seed: UInt64) {
        precondition(maxConcurrency > 0)
        self.id = id
        self.name = name
        self.role = role
        self.maxConcurrency = maxConcurrency
        self.settings = settings
        random = SeededRandom(seed: SplitMix64.mix(seed ^ 0x6E6F_6465 ^ UInt64(id.index) << 20))  // "node"
    }

    /// True when the node would take new work right now (its own belief).
    public var acceptsWork: Bool { !isKilled && health == .healthy && activeCount < maxConcurrency }

    var endpoint: Endpoint { .node(id) }

    // MARK: lifecycle

    /// Joins the cluster: first heartbeat at `firstHeartbeat`, and a first pull now.
    mutating func start(now: VirtualTime, firstHeartbeat: VirtualTime, into effects: inout EffectSink) {
        effects.arm(.heartbeat(node: Int32(id.index), incarnation: Int32(incarnation)), at: firstHeartbeat)
        pullIfIdle(now: now, into: &effects)
    }

    mutating func heartbeatDue(incarnation due: Int, now: VirtualTime, into effects: inout EffectSink) {
        guard !isKilled, due == incarnation else { return }
        sendHeartbeat(into: &effects)
        effects.arm(.heartbeat(node: Int32(id.index), incarnation: Int32(incarnation)), at: now + settings.heartbeatInterval)
    }

    private func sendHeartbeat(into effects: inout EffectSink) {
        let heartbeat = Heartbeat(node: id, incarnation: incarnation, health: health, activeTasks: activeCount,
                                  maxConcurrency: maxConcurrency, completed: completedCount)
        effects.send(.heartbeat(heartbeat), from: endpoint, to: .coordinator)
    }

    /// Stops instantly: every execution is lost (their leases run out at the queue).
    mutating func kill() {
        precondition(!isKilled, "only a live node is killed")
        clearSlots()
        isKilled = true
        isPullOutstanding = false
        isPullTimerPending = false
    }

    /// Comes back as a new incarnation with empty slots and its faults cleared.
    mutating func restart(now: VirtualTime, into effects: inout EffectSink) {
        precondition(isKilled, "only a killed node restarts")
        isKilled = false
        incarnation += 1
        health = .healthy
        faults = NodeFaults()
        effects.emit(.nodeRestarted, node: id, detail: .incarnation(incarnation))
        sendHeartbeat(into: &effects)
        effects.arm(.heartbeat(node: Int32(id.index), incarnation: Int32(incarnation)), at: now + settings.heartbeatInterval)
        pullIfIdle(now: now, into: &effects)
    }

    /// The queue or the coordinator said this incarnation was declared dead: everything it
    /// holds is void. Abandon it, and come back as a new incarnation (`node_rejoined`).
    mutating func rejoin(fencedIncarnation: Int, now: VirtualTime, into effects: inout EffectSink) {
        guard !isKilled, fencedIncarnation == incarnation else { return }
        for slot in slots.indices {
            guard let running = slots[slot] else { continue }
            effects.emit(.leaseAbandoned, node: id, task: running.task,
                         detail: .ended(token: running.token, reason: "incarnation \(incarnation) was fenced"))
        }
        clearSlots()
        incarnation += 1
        health = .healthy
        isPullOutstanding = false
        isPullTimerPending = false  // the old incarnation's timer is ignored when it fires
        effects.emit(.nodeRejoined, node: id, detail: .incarnation(incarnation))
        sendHeartbeat(into: &effects)
        effects.arm(.heartbeat(node: Int32(id.index), incarnation: Int32(incarnation)), at: now + settings.heartbeatInterval)
        pullIfIdle(now: now, into: &effects)
    }

    private mutating func clearSlots() {
        slots.removeAll(keepingCapacity: true)
        activeCount = 0
    }

    // MARK: faults (the injector's entry points)

    mutating func setFaults(_ newFaults: NodeFaults) { faults = newFaults }

    // MARK: orders from the coordinator

    mutating func receiveDrain(now: VirtualTime, into effects: inout EffectSink) {
        guard !isKilled, health == .healthy else { return }
        health = .draining
        sendHeartbeat(into: &effects)  // tells the coordinator at once that the order was obeyed
    }

    mutating func receiveResume(now: VirtualTime, into effects: inout EffectSink) {
        guard !isKilled, health == .draining else { return }
        health = .healthy
        sendHeartbeat(into: &effects)
        pullIfIdle(now: now, into: &effects)
    }

    // MARK: pulling work

    /// Asks the queue for as many tasks as there are free slots, unless a pull is already out.
    mutating func pullIfIdle(now: VirtualTime, into effects: inout EffectSink) {
        guard acceptsWork, !isPullOutstanding else { return }
        pullID &+= 1
        isPullOutstanding = true
        pullSentAt = now
        let request = PullRequest(node: id, incarnation: incarnation, want: maxConcurrency - activeCount, pullID: pullID)
        effects.send(.pull(request), from: endpoint, to: .queue)
        if !isPullTimerPending {
            isPullTimerPending = true
            effects.arm(.pullTimeout(node: Int32(id.index), incarnation: Int32(incarnation)), at: now + settings.pullTimeout)
        }
    }

    /// The pull timer: if the outstanding pull has had no answer for the timeout, it or its
    /// answer was lost — ask again; if a newer pull is out, wait for its own timeout.
    mutating func pullTimedOut(incarnation due: Int, now: VirtualTime, into effects: inout EffectSink) {
        guard !isKilled, due == incarnation else { return }
        isPullTimerPending = false
        guard isPullOutstanding else { return }
        let deadline = pullSentAt + settings.pullTimeout
        guard now >= deadline else {
            isPullTimerPending = true
            effects.arm(.pullTimeout(node: Int32(id.index), incarnation: Int32(incarnation)), at: deadline)
            return
        }
        isPullOutstanding = false
        pullIfIdle(now: now, into: &effects)
    }

    /// The queue answered a pull: start every lease there is a slot for. A grant with no slot
    /// left (a late answer to an older pull) is not started: its lease runs out at the queue
    /// like a lost grant.
    /// `grants` are the response's grants (its span resolved by whoever carried it).
    mutating func receive(_ response: PullResponse, grants: ArraySlice<LeaseGrant>, now: VirtualTime, into effects: inout EffectSink) {
        assert(grants.count == Int(response.grants.count), "the grants carried are the response's")
        guard !isKilled, response.incarnation == incarnation else { return }
        if response.pullID == pullID { isPullOutstanding = false }
        if response.fenced {
            rejoin(fencedIncarnation: incarnation, now: now, into: &effects)
            return
        }
        for grant in grants {
            if grant.alreadyCommitted {
                // An earlier holder committed the final checkpoint but its ack was lost: ack
                // without working again (idempotent commit).
                effects.emit(.alreadyCommitted, node: id, task: grant.task, detail: .commit(token: grant.token, resumed: false))
                let write = FencedWrite(node: id, incarnation: incarnation, message: grant.message, token: grant.token, execution: 0, slot: -1)
                effects.send(.ack(write), from: endpoint, to: .queue)
                continue
            }
            guard activeCount < maxConcurrency else { continue }
            start(grant, in: lowestFreeSlot(), now: now, into: &effects)
        }
        pullIfIdle(now: now, into: &effects)
    }

    private mutating func start(_ grant: LeaseGrant, in slot: Int, now: VirtualTime, into effects: inout EffectSink) {
        let duration = grant.work.scaled(by: faults.slowFactor)
        let running = RunningTask(
            execution: nextExecution, message: grant.message, task: grant.task, token: grant.token, attempt: grant.attempt,
            isPoison: grant.isPoison,
            startedAt: now, startProgress: grant.resumeFrom, duration: duration,
            finishAt: now + duration.scaled(by: 1 - grant.resumeFrom),
            nextCheckpointAt: now + settings.checkpointInterval, leaseDeadline: grant.deadline,
            nextRenewalAt: renewalTime(forDeadline: grant.deadline))
        nextExecution += 1
        if slot == slots.count { slots.append(running) } else { slots[slot] = running }
        activeCount += 1
        assert(activeCount <= maxConcurrency, "postcondition: no more executions than slots")
        armWake(running, slot: slot, now: now, into: &effects)
    }

    // MARK: the lease manager

    /// When the node renews a lease ending at `deadline` (queue time), in real time: one renewal
    /// interval after the lease began, as read on the node's own clock.
    private func renewalTime(forDeadline deadline: VirtualTime) -> VirtualTime {
        deadline - settings.visibilityTimeout + settings.renewalInterval + faults.clockSkew
    }

    /// When the lease manager gives up a lease it could not renew: `deadline − lease_margin` by
    /// the node's clock. A clock running behind makes that later in real time — past the real
    /// deadline once the skew exceeds the margin; fencing at the queue is the backstop then.
    private func selfFenceTime(of running: RunningTask) -> VirtualTime {
        settings.selfFencing ? running.leaseDeadline - settings.leaseMargin + faults.clockSkew : .distantFuture
    }

    private func nextWake(of running: RunningTask) -> VirtualTime {
        let work = running.phase == .committing ? running.nextRetryAt : min(running.finishAt, running.nextCheckpointAt)
        return min(work, running.nextRenewalAt, selfFenceTime(of: running))
    }

    /// Arms the execution's next wake-up. A deadline can already be behind (a grant or reply
    /// delayed past it): the node then looks at once.
    private func armWake(_ running: RunningTask, slot: Int, now: VirtualTime, into effects: inout EffectSink) {
        effects.arm(.taskWake(execution: running.execution, node: Int32(id.index), slot: UInt16(slot)), at: max(now, nextWake(of: running)))
    }

    /// One execution needs attention: renew, self-fence, checkpoint, finish or retry the commit.
    mutating func taskWake(slot: Int, execution: UInt64, now: VirtualTime, into effects: inout EffectSink) {
        guard !isKilled, slot < slots.count, var running = slots[slot], running.execution == execution else { return }
        if now >= selfFenceTime(of: running) {
            abandon(slot, running, reason: "not renewed by deadline − lease_margin", now: now, into: &effects)
            return
        }
        if now >= running.nextRenewalAt { renew(&running, slot: slot, now: now, into: &effects) }
        switch running.phase {
        case .working where now >= running.finishAt:
            guard finish(&running, slot: slot, now: now, into: &effects) else { return }
        case .working where now >= running.nextCheckpointAt:
            running.nextCheckpointAt = now + settings.checkpointInterval
            sendCheckpoint(running, slot: slot, progress: running.progress(at: now), into: &effects)
        case .committing where now >= running.nextRetryAt:
            running.nextRetryAt = now + settings.retryInterval
            sendCheckpoint(running, slot: slot, progress: 1, into: &effects)
        default:
            break
        }
        slots[slot] = running
        armWake(running, slot: slot, now: now, into: &effects)
    }

    /// Sends a renewal; if no answer comes within the retry interval, it is sent again (until
    /// the lease manager gives the lease up).
    private func renew(_ running: inout RunningTask, slot: Int, now: VirtualTime, into effects: inout EffectSink) {
        running.nextRenewalAt = now + settings.retryInterval
        effects.send(.renew(write(running, slot: slot)), from: endpoint, to: .queue)
    }

    private func write(_ running: RunningTask, slot: Int) -> FencedWrite {
        FencedWrite(node: id, incarnation: incarnation, message: running.message, token: running.token, execution: running.execution, slot: slot)
    }

    /// A checkpoint write, unless the injected store fault fails it on the way out.
    private mutating func sendCheckpoint(_ running: RunningTask, slot: Int, progress: Double, into effects: inout EffectSink) {
        if random.chance(faults.checkpointFailureProbability) {
            effects.emit(.checkpointFailed, node: id, task: running.task, detail: .reason("checkpoint write failed (injected)"))
            return
        }
        effects.send(.checkpoint(CheckpointWrite(write: write(running, slot: slot), progress: progress)), from: endpoint, to: .queue)
    }

    /// Work is done: the flaky fault (or a poison shard) fails it, else the final checkpoint
    /// goes out. Returns false when the slot was freed.
    private mutating func finish(_ running: inout RunningTask, slot: Int, now: VirtualTime, into effects: inout EffectSink) -> Bool {
        let poisoned = running.isPoison
        if poisoned || random.chance(faults.failureProbability) {
            let failure: ExecutionFailure = poisoned ? .poisoned : .failed
            effects.send(.nack(write(running, slot: slot), delay: settings.retryInterval, failure: failure), from: endpoint, to: .queue)
            release(slot, now: now, into: &effects)
            return false
        }
        running.phase = .committing
        running.nextRetryAt = now + settings.retryInterval
        sendCheckpoint(running, slot: slot, progress: 1, into: &effects)
        return true
    }

    /// Gives up a lease the node could not keep: it writes nothing more for it.
    private mutating func abandon(_ slot: Int, _ running: RunningTask, reason: String, now: VirtualTime, into effects: inout EffectSink) {
        effects.emit(.leaseAbandoned, node: id, task: running.task, detail: .ended(token: running.token, reason: reason))
        release(slot, now: now, into: &effects)  // the slot is free: look for other work (fuzz seed 49: a lost wake-up)
    }

    /// The lowest slot not running anything (one past the end when all are busy; the caller
    /// has checked that fewer than `maxConcurrency` are).
    private func lowestFreeSlot() -> Int {
        let slot = slots.firstIndex(where: { $0 == nil }) ?? slots.count
        assert(slot < maxConcurrency, "precondition: a free slot exists")
        return slot
    }

    private mutating func freeSlot(_ slot: Int) {
        guard slot < slots.count, slots[slot] != nil else { return }
        slots[slot] = nil
        while let last = slots.last, last == nil { slots.removeLast() }
        activeCount -= 1
        assert(activeCount >= 0 && activeCount <= slots.count)
    }

    private mutating func release(_ slot: Int, now: VirtualTime, into effects: inout EffectSink) {
        freeSlot(slot)
        pullIfIdle(now: now, into: &effects)
    }

    // MARK: answers from the queue

    mutating func receiveRenewReply(_ reply: WriteReply, now: VirtualTime, into effects: inout EffectSink) {
        guard let (slot, found) = execution(for: reply) else { return }
        var running = found
        switch reply.outcome {
        case let .accepted(deadline):
            running.leaseDeadline = deadline
            running.nextRenewalAt = renewalTime(forDeadline: deadline)
            slots[slot] = running
            armWake(running, slot: slot, now: now, into: &effects)
        case .stale, .rejected:
            release(slot, now: now, into: &effects)
        case .fenced:
            rejoin(fencedIncarnation: incarnation, now: now, into: &effects)
        }
    }

    mutating func receiveCheckpointReply(_ reply: WriteReply, now: VirtualTime, into effects: inout EffectSink) {
        guard let (slot, running) = execution(for: reply) else { return }
        switch reply.outcome {
        case .accepted:
            guard reply.isFinal, running.phase == .committing else { return }  // a progress checkpoint landed
            // The final checkpoint is the commit; the ack only tells the queue to stop
            // redelivering, so it is sent once and the slot freed at once.
            effects.send(.ack(write(running, slot: slot)), from: endpoint, to: .queue)
            completedCount += 1
            release(slot, now: now, into: &effects)
        case .stale, .rejected:
            release(slot, now: now, into: &effects)
        case .fenced:
            rejoin(fencedIncarnation: incarnation, now: now, into: &effects)
        }
    }

    private func execution(for reply: WriteReply) -> (Int, RunningTask)? {
        guard !isKilled, reply.incarnation == incarnation, reply.slot >= 0, reply.slot < slots.count,
              let running = slots[reply.slot], running.execution == reply.execution else { return nil }
        return (reply.slot, running)
    }
}

/// The timings a node works to, taken from the cluster configuration once.
struct NodeSettings: Sendable {
    let heartbeatInterval: VirtualDuration
    let visibilityTimeout: VirtualDuration
    let renewalInterval: VirtualDuration
    let leaseMargin: VirtualDuration
    let checkpointInterval: VirtualDuration
    let retryInterval: VirtualDuration
    let selfFencing: Bool
    /// How long a pull may go unanswered before the node assumes it (or its answer) was lost.
    let pullTimeout: VirtualDuration

    init(_ configuration: ClusterConfiguration) {
        heartbeatInterval = configuration.heartbeatInterval
        visibilityTimeout = configuration.visibilityTimeout
        renewalInterval = configuration.renewalInterval
        leaseMargin = configuration.leaseMargin
        checkpointInterval = configuration.checkpointInterval
        retryInterval = configuration.retryInterval
        selfFencing = configuration.selfFencing
        pullTimeout = configuration.pullWait + configuration.retryInterval
            + (configuration.messageLatency + configuration.messageJitter) * 2
    }
}
