import AureonCluster
import AureonEngine
import AureonScenario

/// Time travel in the console: jumps (`:goto`, steps, notable events, the scrubber), the
/// fork an action in the past makes, and switching branches. Every jump ends in
/// ``rebuildAfterJump()``, which puts the state derived from the events back in step with
/// the moment shown.
extension ConsoleApp {
    /// How far `<` and `>` jump.
    static let jumpStep = VirtualDuration.seconds(10)

    /// Carries out an operator action: through the time machine (which forks in the past and
    /// records the action on the branch), or straight on the simulation in a replay.
    func performAction(_ action: OperatorAction) throws(ActionError) {
        guard let machine else { return try simulation.perform(action) }
        let parent = machine.currentBranch
        defer { if machine.currentBranch != parent { didFork(from: parent) } }
        try machine.perform(action)
    }

    private func didFork(from parent: String) {
        notableByBranch[parent] = feed.notable
        workLostByBranch[parent] = workLostByBranch[parent] ?? feed.timeline.workLost
        feed.notable = feed.notable.truncated(after: simulation.now)
        workload?.resync(now: simulation.now)
        forkNote = "forked \(machine?.currentBranch ?? "") from \(parent) at \(Self.clock(simulation.now)) (B lists branches)"
    }

    /// `HH:MM:SS`, as the status bar writes a moment in the past.
    static func clock(_ time: VirtualTime) -> String { String(DurationFormat.clock(time).prefix(8)) }

    /// Goes to `time` on the current branch (clamped to its start and present) and pauses there.
    public func jump(to time: VirtualTime) {
        guard let machine else { return show("time travel: not in a replay (aureon replay FILE --branch NAME)", .warning) }
        keepWorkLost()
        machine.jump(to: max(.zero, time))
        rebuildAfterJump()
        if machine.isInPast {
            show("at \(Self.clock(simulation.now)) of \(Self.clock(machine.branch.end.time)) on \(machine.currentBranch): space plays the recorded future, acting forks a branch")
        } else {
            show("at the present of \(machine.currentBranch)")
        }
    }

    /// `<` and `>`: a step back or forward along the branch.
    func jump(by steps: Int) {
        guard let machine else { return jump(to: .zero) }
        if steps > 0, !machine.isInPast { return show("already at the present", .warning) }
        jump(to: simulation.now + Self.jumpStep * Int64(steps))
    }

    /// `{` and `}`: the previous or next kill, fault, expiry, stale write or violation.
    func jumpToNotable(forward: Bool) {
        let target = forward ? feed.notable.next(after: simulation.now) : feed.notable.previous(before: simulation.now)
        guard let target else {
            return show(forward ? "no later notable event on this branch" : "no earlier notable event on this branch", .warning)
        }
        jump(to: target)
    }

    /// Makes `name` the current branch, at its present.
    func switchBranch(to name: String) {
        guard let machine, name != machine.currentBranch else { return }
        keepWorkLost()
        notableByBranch[machine.currentBranch] = feed.notable
        machine.switchTo(name)
        feed.notable = notableByBranch[name] ?? NotableMoments()
        rebuildAfterJump()
        workload?.resync(now: simulation.now)
        show("switched to \(name) at its present (\(Self.clock(simulation.now)))")
    }

    /// At the present, the feed's work-lost figure is the branch's own: keep it for the compare view.
    func keepWorkLost() {
        guard let machine, !machine.isInPast else { return }
        workLostByBranch[machine.currentBranch] = feed.timeline.workLost
    }

    /// Work lost on `branch` as far as it got.
    func workLost(on branch: String) -> VirtualDuration? {
        if let machine, branch == machine.currentBranch, !machine.isInPast { return feed.timeline.workLost }
        return workLostByBranch[branch]
    }

    /// After a restore: node aggregates from scratch, the sparkline afresh, the event log
    /// from the top, and the simulation paused so the moment can be looked at.
    private func rebuildAfterJump() {
        _ = feed.takeTouchedNodes()
        aggregates = NodeAggregates(simulation: simulation)
        commitRates.reset(speed: pacer.speed, now: simulation.now, commits: simulation.counters.commits)
        eventScrollBack = 0
        timelinePanBack = .zero
        captionShown = nil
        pacer.isPaused = true
        pacer.clearLag()
        needsRedraw = true
    }

    /// `:explore OUTCOME`: causality analysis of the current branch as far as it got, run a
    /// few variants per frame and drawn over the timeline.
    func explore(_ outcome: OutcomePredicate) {
        guard let machine else { return show("explore: not in a replay (aureon explore FILE)", .warning) }
        let recording = Recording(scenarioName: "console", configuration: simulation.configuration, tree: machine.tree)
        do {
            let analysis = try CausalityAnalysis(recording: recording, branch: machine.currentBranch, outcome: outcome, from: nil, to: nil,
                                                 step: nil, variants: ConsoleCausality.variants)
            causality = try ConsoleCausality(analysis)
            showsTimeline = true
            timelinePanBack = .zero
            timelineWindow = min(Self.maximumTimelineWindow, max(Self.minimumTimelineWindow, machine.branch.end.time - .zero))
            show("causality of \(outcome) on \(machine.currentBranch): \(analysis.moments.count) moments × \(analysis.variants) variants (esc cancels)")
        } catch {
            show(":explore: \(error.message)", .error)
        }
    }

    func advanceCausality() {
        guard let causality, !causality.isFinished else { return }
        causality.advance()
        needsRedraw = true
        guard let report = causality.report else { return }
        show("causality of \(report.outcome): " + (report.inevitableAt.map { "inevitable from \(Self.clock($0))" } ?? "not inevitable within the moments probed")
             + (report.outcomeFirstAt.map { ", happened at \(Self.clock($0))" } ?? ", did not happen on this branch"))
    }

    /// Whether the console is showing the past of its branch.
    var isInPast: Bool { machine?.isInPast ?? false }
}
