import AureonEngine

/// Scheduling runs and supervising them (the seed's `SupervisionRuntime`): commits settle
/// shards; a settled iteration is checked for convergence and either ends the run or schedules
/// the next iteration through the same coordinator.
extension ClusterSimulation {
    /// Plans, places and enqueues a run's first iteration.
    func scheduleRun(_ spec: RunSpec) throws(SchedulingError) {
        try ShardPlanner.validate(spec)
        guard runSlotsByID[spec.id] == nil else { throw .duplicateRun(spec.id) }
        let shardCount = ShardPlanner.shardCount(for: spec)
        reclaimFinishedRuns()
        // Place before creating the run, so a refusal leaves nothing behind.
        let targets = try coordinator.place(count: shardCount, readyCount: queue.readyCount)
        let slot = runs.count
        runs.append(RunState(slot: slot, spec: spec, shardCount: shardCount, at: now))
        runSlotsByID[spec.id] = slot
        incompleteRuns += 1
        enqueueIteration(1, ofRunAt: slot, targets: targets)
    }

    private func enqueueIteration(_ iteration: Int, ofRunAt slot: Int, targets: [NodeID]) {
        let shardCount = runs[slot].shardCount
        precondition(targets.count == shardCount, "one target per shard")
        var messages: [MessageID] = []
        messages.reserveCapacity(shardCount)
        queue.reserveCapacity(forAdditionalMessages: shardCount)
        checker.reserveCapacity(forMessages: queue.messageCount + shardCount)
        checkpoints.reserveCapacity(forAdditionalTasks: shardCount)
        for shard in 0..<shardCount {
            let ref = TaskRef(runSlot: slot, iteration: iteration, shard: shard)
            let id = queue.enqueue(ref, target: targets[shard], now: now)
            checker.slotReused(id)
            messages.append(id)
        }
        runs[slot].beginIteration(iteration, messages: messages, at: now)
        counters.shardsScheduled += shardCount
        // Counted with a flag per node, not a `Set`: hashing every target was a sixth of the
        // cost of scheduling a 100,000-shard run.
        var isTarget = [Bool](repeating: false, count: nodes.count)
        var distinctTargets = 0
        for target in targets where !isTarget[target.index] {
            isTarget[target.index] = true
            distinctTargets += 1
        }
        emit(.runScheduled, run: runs[slot].spec.id, detail: .runPlan(shards: shardCount, iteration: iteration, nodes: distinctTargets, longestWork: runs[slot].spec.work.upperBound))
        for message in messages { announceReady(target: queue.target(of: message)) }
    }

    /// A shard of the current iteration is committed or dead-lettered.
    func shardSettled(_ ref: TaskRef, committed: Bool, residual: Double) {
        let slot = Int(ref.runSlot)
        guard runs[slot].iteration == Int(ref.iteration), !runs[slot].isComplete else { return }
        let shard = Int(ref.shard)
        if committed {
            runs[slot].shardStates[shard] = .committed
            runs[slot].committed += 1
            runs[slot].totalCommitted += 1
            runs[slot].residualSum += residual
        } else {
            runs[slot].shardStates[shard] = .deadLettered
            runs[slot].deadLettered += 1
            runs[slot].totalDeadLettered += 1
        }
        if runs[slot].settled == runs[slot].shardCount { iterationSettled(slot) }
    }

    private func iterationSettled(_ slot: Int) {
        let run = runs[slot]
        report(checker.iterationClosed(run.shardMessages, label: "\(run.spec.id) iteration \(run.iteration)", now: now))
        let residual = run.committed == 0 ? 0 : run.residualSum / Double(run.committed)
        runs[slot].iterationResiduals.append(residual)
        emit(.iterationCompleted, run: run.spec.id, detail: .iteration(number: run.iteration, residual: residual))
        let converged = run.spec.convergenceTolerance > 0 && residual < run.spec.convergenceTolerance
        if converged { emit(.iterationConverged, run: run.spec.id, detail: .iteration(number: run.iteration, residual: residual)) }
        if converged || run.iteration >= run.spec.maxIterations {
            runs[slot].status = .completed(at: now, converged: converged)
            // Reclaimed when the next run is scheduled, so that the last run of a headless
            // benchmark does not pay for clean-up nobody will use.
            finishedRunsToReclaim.append(slot)
            incompleteRuns -= 1
            emit(.runCompleted, run: run.spec.id, detail: .reason(converged ? "converged" : "reached max_iterations \(run.spec.maxIterations)"))
            return
        }
        // Settled messages are done with: their queue slots serve the next tasks, so memory
        // follows the live work rather than the whole history (24-hour soaks stay flat).
        queue.recycle(run.shardMessages)
        // Not converged: the next iteration is a new run spec through the same coordinator.
        do {
            let targets = try coordinator.place(count: run.shardCount, readyCount: queue.readyCount)
            enqueueIteration(run.iteration + 1, ofRunAt: slot, targets: targets)
        } catch {
            // No healthy node right now: park the iteration on its previous owners' targets is
            // not possible, so fall back to spreading it evenly; nodes steal it when they return.
            let targets = (0..<run.shardCount).map { NodeID($0 % nodes.count) }
            emit(.runRefused, run: run.spec.id, detail: .reason("next iteration placed blindly: \(error)"))
            enqueueIteration(run.iteration + 1, ofRunAt: slot, targets: targets)
        }
    }

    /// Gives back what finished runs held: queue slots, in-memory checkpoints, queue handles.
    func reclaimFinishedRuns() {
        for slot in finishedRunsToReclaim {
            queue.recycle(runs[slot].shardMessages)
            checkpoints.discardRecords(of: runs[slot].spec.id)
            runs[slot].summarise()
        }
        finishedRunsToReclaim.removeAll()
    }

    /// The run with this id, if scheduled.
    public func run(named id: RunID) -> RunState? { runSlotsByID[id].map { runs[$0] } }

    /// The next free sequential run name (`rqml-run-001`, …).
    public func nextRunID() -> RunID {
        var number = runs.count + 1
        while runSlotsByID[RunID.sequential(number)] != nil { number += 1 }
        return RunID.sequential(number)
    }
}
