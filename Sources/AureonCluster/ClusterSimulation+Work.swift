import AureonEngine

/// The data path: nodes receive shards, renew leases, checkpoint, finish and commit.
extension ClusterSimulation {
    func pull(node index: Int, incarnation: Int) {
        guard nodes[index].incarnation == incarnation else { return }
        nodes[index].isPullPending = false
        var deadLettered: [MessageID] = []
        // Bounded by the node's slots: each pass fills one or stops.
        while acceptsWork(index), let slot = freeSlot(index) {
            guard let delivery = queue.dequeue(
                for: NodeID(index), incarnation: incarnation, visibilityTimeout: configuration.visibilityTimeout,
                now: now, deadLettered: &deadLettered)
            else {
                guard deadLettered.isEmpty else {
                    // Settling a dead letter can close an iteration and enqueue the next one,
                    // targeted at this very node: look again before going idle (found by the
                    // fuzzer, seed 31459: a lost wake-up).
                    settleDeadLetters(&deadLettered)
                    continue
                }
                becomeIdle(index)
                return
            }
            settleDeadLetters(&deadLettered)
            start(delivery, on: index, slot: slot)
        }
    }

    private func start(_ delivery: DistributedQueue.Delivery, on index: Int, slot: Int) {
        let lease = delivery.lease
        let ref = queue.task(of: lease.message)
        let task = taskID(for: ref)
        let node = NodeID(index)
        report(checker.leaseGranted(lease, holderAvailable: acceptsWork(index), holderName: nodes[index].name, now: now),
               node: node, task: task)
        counters.leasesGranted += 1

        // A first delivery has never run anywhere, so it has no checkpoint to resume from.
        let resumedFrom = delivery.receiveCount == 1 ? nil
            : (try? checkpoints.latest(for: task)).flatMap { $0 }.map(\.payload.progress).flatMap { $0 < 1 ? $0 : nil }
        if delivery.receiveCount > 1 {
            counters.redeliveries += 1
            emit(.taskRedelivered, node: node, task: task,
                 detail: .redelivery(token: lease.token, deadline: lease.deadline, resumedFrom: resumedFrom, receiveCount: delivery.receiveCount, incarnation: lease.incarnation))
        } else {
            emit(.shardLeased, node: node, task: task, detail: .lease(token: lease.token, deadline: lease.deadline, stolen: delivery.stolen, incarnation: lease.incarnation))
        }
        if let resumedFrom, resumedFrom > 0 { counters.resumedFromCheckpoint += 1 }

        let startProgress = resumedFrom ?? 0
        let duration = work(for: ref).scaled(by: nodes[index].faults.slowFactor)
        let running = RunningTask(
            execution: nextExecution, message: lease.message, task: ref, token: lease.token, startedAt: now,
            startProgress: startProgress, duration: duration,
            finishAt: now + duration.scaled(by: 1 - startProgress),
            nextRenewalAt: now + configuration.renewalInterval + nodes[index].faults.clockSkew,
            nextCheckpointAt: now + configuration.checkpointInterval,
            leaseDeadline: lease.deadline)
        nextExecution += 1
        nodes[index].occupy(slot, with: running)
        runs[Int(ref.runSlot)].shardStates[Int(ref.shard)] = .leased
        runs[Int(ref.runSlot)].shardOwners[Int(ref.shard)] = Int32(index)
        scheduler.schedule(.taskWake(execution: running.execution, node: Int32(index), slot: UInt16(slot)), at: running.nextWake)
        if nodes[index].faults.clockSkew > .zero { armExpiryTimers(for: [running]) }  // it may renew too late
        // No expiry timer yet: a live, connected holder renews before the deadline by
        // construction (renewal interval ≤ timeout − margin). The timer is armed when the holder
        // loses the ability to renew (`armExpiryTimers`); writes past a deadline are refused by
        // the queue regardless. Arming one per lease would double the engine's heap.
    }

    /// Arms the queue-side expiry timer of every lease a node holds: it was killed or cut off,
    /// so nothing will renew them.
    func armExpiryTimers(for tasks: [RunningTask]) {
        for running in tasks {
            guard let lease = queue.leaseTerms(of: running.message), lease.token == running.token else { continue }
            scheduler.schedule(.leaseDeadline(token: lease.token.value, message: Int32(running.message.index)), at: max(now, lease.deadline))
        }
    }

    func taskWake(node index: Int, slot: Int, execution: UInt64) {
        guard var running = nodes[index].slots[slot], running.execution == execution else { return }
        if now >= running.nextRenewalAt {
            guard renew(&running, node: index, slot: slot) else { return }
        }
        if running.isCommitting {
            if now >= running.nextRetryAt {
                guard commit(&running, node: index, slot: slot) else { return }
            }
        } else if now >= running.finishAt {
            guard finish(&running, node: index, slot: slot) else { return }
        } else if now >= running.nextCheckpointAt {
            guard saveProgress(&running, node: index, slot: slot) else { return }
        }
        nodes[index].slots[slot] = running
        scheduler.schedule(.taskWake(execution: execution, node: Int32(index), slot: UInt16(slot)), at: running.nextWake)
    }

    /// Extends the lease. Returns false when the execution ended (its lease was lost).
    private func renew(_ running: inout RunningTask, node index: Int, slot: Int) -> Bool {
        running.nextRenewalAt = now + configuration.renewalInterval + nodes[index].faults.clockSkew
        guard !nodes[index].faults.isPartitioned else { return true }  // lost on the wire; the zombie carries on
        let outcome = queue.extendVisibility(running.message, token: running.token, visibilityTimeout: configuration.visibilityTimeout, now: now)
        guard outcome == .accepted else {
            abandon(running, node: index, slot: slot, operation: "renew", outcome: outcome)
            return false
        }
        let lease = queue.leaseTerms(of: running.message)
        let deadline = lease?.deadline ?? now
        report(checker.writeAccepted("renew", message: running.message, token: running.token, now: now), node: NodeID(index))
        checker.leaseRenewed(running.message, deadline: deadline)
        running.leaseDeadline = deadline
        counters.renewals += 1
        emit(.leaseRenewed, node: NodeID(index), task: taskID(for: running.task),
             detail: .renewal(token: running.token, deadline: deadline, renewals: lease == nil ? 0 : queue.renewals(of: running.message)))
        return true
    }

    /// Writes a progress checkpoint. Returns false when the execution ended.
    private func saveProgress(_ running: inout RunningTask, node index: Int, slot: Int) -> Bool {
        running.nextCheckpointAt = now + configuration.checkpointInterval
        let progress = running.progress(at: now)
        switch writeCheckpoint(running, node: index, slot: slot, progress: progress) {
        case .written, .failed: return true
        case .leaseLost: return false
        }
    }

    /// Work is done: the flaky fault may fail it, validation may reject it, else commit.
    private func finish(_ running: inout RunningTask, node index: Int, slot: Int) -> Bool {
        let node = NodeID(index)
        let task = taskID(for: running.task)
        if random.chance(nodes[index].faults.failureProbability) || runs[Int(running.task.runSlot)].isPoison(running.task) {
            counters.taskFailures += 1
            emit(.taskFailed, node: node, task: task, detail: .reason("execution failed on \(nodes[index].name)"))
            giveBack(running, node: index, slot: slot, delay: configuration.retryInterval)
            return false
        }
        if random.chance(configuration.validationRejectProbability) {
            counters.validationRejections += 1
            emit(.validationRejected, node: node, task: task, detail: .reason("ensemble validation rejected the result"))
            giveBack(running, node: index, slot: slot, delay: .zero)
            return false
        }
        running.isCommitting = true
        running.nextRetryAt = now
        return commit(&running, node: index, slot: slot)
    }

    /// Final checkpoint, then ack: the task is committed. Retries later if the write failed.
    private func commit(_ running: inout RunningTask, node index: Int, slot: Int) -> Bool {
        switch writeCheckpoint(running, node: index, slot: slot, progress: 1) {
        case .leaseLost:
            return false
        case .failed:
            running.nextRetryAt = now + configuration.retryInterval
            return true
        case .written:
            break
        }
        let outcome = queue.ack(running.message, token: running.token, now: now)
        guard outcome == .accepted else {
            abandon(running, node: index, slot: slot, operation: "ack", outcome: outcome)
            return false
        }
        let node = NodeID(index)
        let task = taskID(for: running.task)
        report(checker.writeAccepted("ack", message: running.message, token: running.token, now: now), node: node, task: task)
        report(checker.committed(running.message, now: now), node: node, task: task)
        counters.commits += 1
        nodes[index].completedCount += 1
        nodes[index].release(slot)
        emit(.taskCommitted, node: node, task: task, detail: .commit(token: running.token, resumed: running.startProgress > 0))
        shardSettled(running.task, committed: true, residual: residual(for: running.task))
        requestPull(index)
        return false
    }

    enum CheckpointWrite { case written, failed, leaseLost }

    /// A fenced checkpoint write through the store.
    private func writeCheckpoint(_ running: RunningTask, node index: Int, slot: Int, progress: Double) -> CheckpointWrite {
        let node = NodeID(index)
        let task = taskID(for: running.task)
        if nodes[index].faults.isPartitioned { return .failed }  // unreachable; the node will try again
        if random.chance(nodes[index].faults.checkpointFailureProbability) {
            counters.checkpointWriteFailures += 1
            emit(.checkpointFailed, node: node, task: task, detail: .reason("checkpoint write failed (injected)"))
            return .failed
        }
        let outcome = queue.checkFence(running.message, token: running.token, now: now)
        guard outcome == .accepted else {
            abandon(running, node: index, slot: slot, operation: progress >= 1 ? "final_checkpoint" : "checkpoint", outcome: outcome)
            return .leaseLost
        }
        let run = runs[Int(running.task.runSlot)]
        checkpointSequence += 1
        let record = CheckpointRecord(
            sequence: checkpointSequence, task: task, nodeName: nodes[index].name, createdAt: now, token: running.token,
            payload: .init(progress: progress, partialResult: residual(for: running.task) * progress),
            supervisorSnapshot: .init(iteration: run.iteration, committedShards: run.committed),
            metadata: .init(strategy: run.spec.strategy, targetNodeName: nodes[queue.target(of: running.message).index].name,
                            dataset: run.spec.dataset))
        do {
            try checkpoints.save(record)
        } catch {
            counters.checkpointWriteFailures += 1
            emit(.checkpointFailed, node: node, task: task, detail: .reason(error.message))
            return .failed
        }
        counters.checkpointsSaved += 1
        report(checker.writeAccepted("checkpoint", message: running.message, token: running.token, now: now), node: node, task: task)
        report(checker.checkpointSaved(running.message, progress: progress, now: now), node: node, task: task)
        emit(.checkpointSaved, node: node, task: task, detail: .checkpoint(token: running.token, progress: progress))
        return .written
    }

    /// Nacks the message back to the queue and frees the slot (failure or rejection).
    private func giveBack(_ running: RunningTask, node index: Int, slot: Int, delay: VirtualDuration) {
        let outcome = queue.nack(running.message, token: running.token, requeue: true, delay: delay, now: now)
        guard outcome == .accepted else {
            abandon(running, node: index, slot: slot, operation: "nack", outcome: outcome)
            return
        }
        report(checker.writeAccepted("nack", message: running.message, token: running.token, now: now), node: NodeID(index))
        report(checker.leaseEnded(running.message, expired: false, now: now))
        nodes[index].release(slot)
        let ref = running.task
        runs[Int(ref.runSlot)].shardStates[Int(ref.shard)] = .pending
        if delay > .zero {
            scheduler.schedule(.visibilityDue, at: now + delay)
        } else {
            announceReady(target: queue.target(of: running.message))
        }
        requestPull(index)
    }

    /// A write was refused: the node learns it lost the lease and drops the execution.
    private func abandon(_ running: RunningTask, node index: Int, slot: Int, operation: String, outcome: WriteOutcome) {
        let node = NodeID(index)
        let task = taskID(for: running.task)
        counters.staleWritesRejected += 1
        let current: FencingToken
        switch outcome {
        case let .stale(token): current = token
        case .expired, .accepted: current = running.token
        }
        emit(.staleWriteRejected, node: node, task: task,
             detail: .staleWrite(operation: operation, presented: running.token, current: current))
        if outcome == .expired { leaseExpired(running.message, holder: node, token: running.token) }
        nodes[index].release(slot)
        requestPull(index)
    }

    func leaseDeadline(_ message: MessageID, token: FencingToken) {
        guard let lease = queue.leaseTerms(of: message), lease.token == token else { return }
        if lease.deadline > now {
            // Renewed since this timer was set: look again at the new deadline.
            scheduler.schedule(.leaseDeadline(token: token.value, message: Int32(message.index)), at: lease.deadline)
            return
        }
        let holder = queue.holder(of: message)
        if queue.expire(message, token: token, now: now) { leaseExpired(message, holder: holder, token: token) }
    }

    /// Bookkeeping once the queue has made an expired lease's message visible again.
    private func leaseExpired(_ message: MessageID, holder: NodeID, token: FencingToken) {
        let ref = queue.task(of: message)
        counters.leasesExpired += 1
        report(checker.leaseEnded(message, expired: true, now: now))
        emit(.leaseExpired, node: holder, task: taskID(for: ref), detail: .expiry(token: token, holder: holder))
        if runs[Int(ref.runSlot)].shardStates[Int(ref.shard)] == .leased {
            runs[Int(ref.runSlot)].shardStates[Int(ref.shard)] = .pending
        }
        announceReady(target: queue.target(of: message))
    }

    func visibilityDue() {
        for message in queue.promoteDue(now: now) { announceReady(target: queue.target(of: message)) }
    }

    func settleDeadLetters(_ messages: inout [MessageID]) {
        guard !messages.isEmpty else { return }
        for message in messages {
            let ref = queue.task(of: message)
            let task = taskID(for: ref)
            counters.deadLettered += 1
            report(checker.deadLettered(message, now: now), task: task)
            emit(.deadLettered, task: task,
                 detail: .reason("received \(queue.receiveCount(of: message)) times (max_receive_count \(configuration.maxReceiveCount))"))
            shardSettled(ref, committed: false, residual: 0)
        }
        messages.removeAll()
    }
}
