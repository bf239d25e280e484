import AureonEngine

/// Invariant 5, checked live: while no fault is in force, some node may take work and some run
/// is incomplete, the cluster must keep committing: no commit of any run for
/// `bound + longestWork` (the longest shard of the runs in progress) is a stall, reported once
/// per stall. Judged for the cluster, not run by run: runs share the queue first come, first
/// served, so a run scheduled behind a long one may rightly wait longer than the bound (fuzz
/// seed 73); a cluster that commits nothing at all may not.
///
/// Fed by `run_scheduled` (a run's clock starts; `longestWork` comes from its plan),
/// `task_committed` (the clock restarts), `run_completed`, the fault events (paired by kind
/// and node; chaos is a fault while on) and, from `NodeShadow`, the instant some node becomes
/// available while none was. Clocks restart when the last fault clears and when a node
/// becomes available again: a stall is only counted from an instant the cluster could work.
struct LivenessRule: Sendable {
    private struct RunShadow: Sendable {
        var id: RunID?
        var active = false
        var since = VirtualTime.zero
        var longestWork = VirtualDuration.zero
        var reported = false
    }

    /// A fault in force: its kind and target node (nil: cluster-wide).
    private struct FaultKey: Hashable, Sendable {
        let kind: FaultKind
        let node: NodeID?
    }

    let bound: VirtualDuration
    private var runs: [RunShadow] = []
    /// Slots of the runs scheduled and not completed, in scheduling order (checked in that
    /// order, so reports never depend on hashing).
    private var activeRuns: [Int] = []
    /// Membership only, never iterated.
    private var faults: Set<FaultKey> = []

    init(bound: VirtualDuration) { self.bound = bound }

    mutating func addRun() { runs.append(RunShadow()) }

    mutating func observeRun(_ event: EventRecord, run: Int, names: RunNameTable) {
        switch (event.kind, event.detail) {
        case let (.runScheduled, .runPlan(_, _, _, longestWork)):
            if !runs[run].active { activeRuns.append(run) }
            runs[run] = RunShadow(id: event.runSlot >= 0 ? names.id(ofRunAt: event.runSlot) : nil, active: true, since: event.time, longestWork: longestWork, reported: false)
        case (.runCompleted, _):
            guard runs[run].active else { return }
            runs[run].active = false
            activeRuns.removeAll { $0 == run }
        default:
            break
        }
    }

    mutating func committed(run: Int, at time: VirtualTime) {
        guard runs[run].active else { return }
        runs[run].since = time
        runs[run].reported = false
    }

    mutating func observeFault(_ event: EventRecord) {
        guard case let .fault(kind, _) = event.detail else { return }
        let key = FaultKey(kind: kind, node: event.node)
        if event.kind == .faultInjected {
            faults.insert(key)
        } else if faults.remove(key) != nil, faults.isEmpty {
            restartClocks(at: event.time)
        }
    }

    mutating func restartClocks(at time: VirtualTime) {
        for run in activeRuns {
            runs[run].since = time
            runs[run].reported = false
        }
    }

    mutating func check(now: VirtualTime, nodesAvailable: Bool, into found: inout [InvariantViolation]) {
        guard faults.isEmpty, nodesAvailable, !activeRuns.isEmpty else { return }
        // The cluster's last progress: the latest clock (commit or restart) of a run in progress.
        var since = VirtualTime.zero
        var longestWork = VirtualDuration.zero
        var reported = false
        for run in activeRuns {
            since = max(since, runs[run].since)
            longestWork = max(longestWork, runs[run].longestWork)
            reported = reported || runs[run].reported
        }
        let allowed = bound + longestWork
        guard !reported, now - since >= allowed else { return }
        for run in activeRuns { runs[run].reported = true }
        let names = activeRuns.prefix(3).compactMap { runs[$0].id?.description }.joined(separator: ", ")
        found.append(InvariantViolation(time: now, rule: .liveness,
                                        detail: "no run committed anything for \(now - since) (bound \(allowed)) with no fault in force and a node available (in progress: \(names))"))
    }
}
