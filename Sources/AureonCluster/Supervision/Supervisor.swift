import AureonEngine

/// Supervision (the seed's `SupervisionRuntime`: worker finished → validation → convergence):
/// the runs, where each shard of the current iteration is, and what happens when an
/// iteration is settled — the run converged or hit `max_iterations` and is complete, or the
/// next iteration is scheduled as a new run spec through the same coordinator.
///
/// Validation itself is a pure verdict per task and attempt (`TaskDraws.isValid`), applied by
/// the queue before it accepts a final checkpoint, so a rejected result is never committed.
struct Supervisor {
    private(set) var runs: [RunState] = []
    /// Run IDs by slot (slots are handed out in order and never reused).
    private var slotIndex = KeyIndex<RunID>()
    private(set) var incompleteRuns = 0
    /// Runs that finished since the last scheduling, waiting to give their memory back.
    private(set) var finishedToReclaim: [Int] = []
    var draws: TaskDraws

    init(seed: UInt64) { draws = TaskDraws(seed: seed) }

    /// Checks a new run and gives it a slot. Nothing is changed when it throws.
    mutating func admit(_ spec: RunSpec, now: VirtualTime) throws(SchedulingError) -> Int {
        try ShardPlanner.validate(spec)
        guard slot(of: spec.id) == nil else { throw .duplicateRun(spec.id) }
        let slot = runs.count
        runs.append(RunState(slot: slot, spec: spec, shardCount: ShardPlanner.shardCount(for: spec), at: now))
        let indexed = slotIndex.append(spec.id)
        assert(Int(indexed) == slot, "run slots and the ID index agree")
        incompleteRuns += 1
        return slot
    }

    /// The slot of the run with this ID, if one was admitted.
    func slot(of id: RunID) -> Int? { slotIndex.index(of: id).map(Int.init) }

    /// Announces an iteration about to be enqueued at `targets` (`run_scheduled`).
    func announce(iteration: Int, ofRunAt slot: Int, targets: [NodeID], nodeCount: Int, into effects: inout EffectSink) {
        // Counted with a flag per node, not a `Set`: hashing every target was a sixth of the
        // cost of scheduling a 100,000-shard run.
        var isTarget = [Bool](repeating: false, count: nodeCount)
        var distinct = 0
        for target in targets where !isTarget[target.index] {
            isTarget[target.index] = true
            distinct += 1
        }
        effects.emit(.runScheduled, runSlot: Int32(slot),
                     detail: .runPlan(shards: targets.count, iteration: iteration, nodes: distinct, longestWork: runs[slot].spec.work.upperBound))
    }

    /// The iteration's shards were enqueued as `messages`.
    mutating func began(iteration: Int, ofRunAt slot: Int, messages: [MessageID], now: VirtualTime) {
        runs[slot].beginIteration(iteration, messages: messages, at: now)
    }

    mutating func shardState(_ ref: TaskRef, _ state: ShardState, owner: Int32) {
        let slot = Int(ref.runSlot)
        guard runs[slot].iteration == Int(ref.iteration), !runs[slot].isComplete else { return }
        let shard = Int(ref.shard)
        // Settled is final for an iteration: a late expiry of a committed shard changes nothing.
        guard runs[slot].shardStates[shard] != .committed, runs[slot].shardStates[shard] != .deadLettered else { return }
        runs[slot].shardStates[shard] = state
        runs[slot].shardOwners[shard] = owner
    }

    /// A shard of the current iteration is committed or dead-lettered.
    mutating func settled(_ ref: TaskRef, committed: Bool, now: VirtualTime, into effects: inout EffectSink) {
        let slot = Int(ref.runSlot)
        guard runs[slot].iteration == Int(ref.iteration), !runs[slot].isComplete else { return }
        if committed {
            runs[slot].committed += 1
            runs[slot].totalCommitted += 1
            runs[slot].residualSum += draws.residual(for: ref)
        } else {
            runs[slot].deadLettered += 1
            runs[slot].totalDeadLettered += 1
        }
        if runs[slot].settled == runs[slot].shardCount { iterationSettled(slot, now: now, into: &effects) }
    }

    private mutating func iterationSettled(_ slot: Int, now: VirtualTime, into effects: inout EffectSink) {
        let run = runs[slot]
        let residual = run.committed == 0 ? 0 : run.residualSum / Double(run.committed)
        runs[slot].iterationResiduals.append(residual)
        let runSlot = Int32(slot)
        effects.emit(.iterationCompleted, runSlot: runSlot, detail: .iteration(number: run.iteration, residual: residual))
        let converged = run.spec.convergenceTolerance > 0 && residual < run.spec.convergenceTolerance
        if converged { effects.emit(.iterationConverged, runSlot: runSlot, detail: .iteration(number: run.iteration, residual: residual)) }
        if converged || run.iteration >= run.spec.maxIterations {
            runs[slot].status = .completed(at: now, converged: converged)
            // Reclaimed when the next run is scheduled, so that the last run of a headless
            // benchmark does not pay for clean-up nobody will use.
            finishedToReclaim.append(slot)
            incompleteRuns -= 1
            effects.emit(.runCompleted, runSlot: runSlot,
                         detail: .reason(converged ? "converged" : "reached max_iterations \(run.spec.maxIterations)"))
            return
        }
        effects.append(.nextIteration(runSlot: slot))
    }

    /// Finished runs keep their counts and final shard map, not their queue handles: returns
    /// what each held, for the queue and the store to give back.
    mutating func takeFinishedForReclaim() -> [(run: RunID, messages: [MessageID])] {
        let reclaimed = finishedToReclaim.map { (runs[$0].spec.id, runs[$0].shardMessages) }
        for slot in finishedToReclaim { runs[slot].summarise() }
        finishedToReclaim.removeAll()
        return reclaimed
    }
}
