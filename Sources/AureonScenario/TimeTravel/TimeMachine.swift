import AureonCluster
import AureonEngine

/// Rewinds a live simulation to any moment of any branch, plays the recorded future forward
/// again, and forks a new branch when the operator acts in the past.
///
/// It owns the driving of the simulation: whoever advances it (the console's frames, a test)
/// calls ``advance(to:maxEvents:)`` so that recorded actions are applied where they happened
/// and keyframes are taken. A jump restores the nearest earlier keyframe and runs forward from
/// there, so its cost is bounded by the keyframe spacing, not by how far back it goes.
public final class TimeMachine {
    public let simulation: ClusterSimulation
    public private(set) var tree: BranchTree
    /// The branch being shown.
    public private(set) var currentBranch = Branch.mainName
    private var timelines: [String: KeyframeTimeline] = [:]
    /// Memory all keyframes together may hold (estimated; see ``SimulationSnapshot``).
    public let memoryCap: Int
    /// Operator actions of the current branch already applied to the simulation.
    private var appliedInteractive = 0
    private var interactive: [PerformedAction] = []
    /// Called at every keyframe for the watcher's derived state, kept beside the snapshot.
    public var attach: (() -> any KeyframeAttachment)?
    /// Called after a keyframe is restored, before the history runs forward from it: the
    /// watcher puts its derived state back (the attachment is nil for keyframes taken before
    /// ``attach`` was set).
    public var onRestore: ((Keyframe) -> Void)?

    /// 256 MiB: a one-hour session of the default console cluster keeps keyframes a few
    /// seconds apart within it.
    public static let defaultMemoryCap = 256 << 20
    /// Thinning rounds after one keyframe before giving up on the cap (each halves a branch).
    static let thinningRoundLimit = 64

    /// Starts on branch main at the simulation's current position (normally time zero), with
    /// a first keyframe there.
    public init(simulation: ClusterSimulation, memoryCap: Int = TimeMachine.defaultMemoryCap,
                keyframeInterval: VirtualDuration = KeyframeTimeline.defaultInterval,
                attach: (() -> any KeyframeAttachment)? = nil) {
        self.simulation = simulation
        self.attach = attach
        self.memoryCap = memoryCap
        let here = HistoryPosition(of: simulation)
        tree = BranchTree(main: Branch(name: Branch.mainName, parent: nil, fork: here, inheritedActionCount: 0,
                                       actions: simulation.performedActions, end: here,
                                       endTraceHash: simulation.traceHash.hexDigest, outcome: BranchOutcome(of: simulation)))
        timelines[Branch.mainName] = KeyframeTimeline(interval: keyframeInterval)
        appliedInteractive = simulation.performedActions.filter { $0.origin == .interactive }.count
        interactive = tree.main.interactiveActions
        takeKeyframeIfDue()
    }

    public var branch: Branch { tree.branch(named: currentBranch)! }
    public var position: HistoryPosition { HistoryPosition(of: simulation) }
    /// True while the simulation is behind its branch's furthest point (replaying its future).
    public var isInPast: Bool { appliedInteractive < interactive.count || position < branch.end }
    public var keyframes: KeyframeTimeline { timelines[currentBranch]! }

    /// Estimated bytes held by all keyframes (shared ones counted once).
    public var keyframeBytes: Int {
        var seen = Set<ObjectIdentifier>()
        var bytes = 0
        for timeline in timelines.values {
            for keyframe in timeline.keyframes where seen.insert(ObjectIdentifier(keyframe)).inserted {
                bytes += keyframe.estimatedByteCount
            }
        }
        return bytes
    }

    // MARK: driving

    /// Advances towards `time` along the branch: recorded operator actions are applied at their
    /// place in the history; past the branch's end the history simply goes on (and the branch
    /// grows). At most `maxEvents` events; returns how many were processed.
    @discardableResult
    public func advance(to time: VirtualTime, maxEvents: Int = .max) -> Int {
        let before = simulation.counters.eventsProcessed
        func spent() -> Int { simulation.counters.eventsProcessed - before }
        var budgetLeft = true
        while appliedInteractive < interactive.count, interactive[appliedInteractive].time <= time {
            let action = interactive[appliedInteractive]
            if action.time > simulation.now {
                advanceTakingKeyframes(to: action.time - .microseconds(1), maxEvents: maxEvents - spent())
            }
            simulation.advance(toPosition: action.time, eventCount: action.afterEvents, maxEvents: maxEvents - spent())
            guard HistoryPosition(of: simulation) == HistoryPosition(of: action) else {
                budgetLeft = false
                break
            }
            try? simulation.perform(action.action)
            appliedInteractive += 1
        }
        if budgetLeft { advanceTakingKeyframes(to: time, maxEvents: maxEvents - spent()) }
        takeKeyframeIfDue()
        extendBranch()
        return spent()
    }

    /// Carries out an operator action now. In the past this forks: a new branch starts here
    /// (the old future stays, as its own branch), and becomes the current one.
    public func perform(_ action: OperatorAction) throws(ActionError) {
        if isInPast { fork() }
        defer {
            // A refused action is recorded too (it left its event): it is part of the branch.
            appliedInteractive += 1
            interactive.append(simulation.performedActions.last!)
            extendBranch()
        }
        try simulation.perform(action)
    }

    /// Starts a new branch at the current position and makes it current. Returns its name.
    @discardableResult
    public func fork() -> String {
        precondition(tree.branches.count < BranchTree.branchLimit, "too many branches")
        let here = position
        let name = tree.nextName
        let parent = branch
        tree.add(Branch(name: name, parent: parent.name, fork: here, inheritedActionCount: simulation.performedActions.count,
                        actions: simulation.performedActions, end: here, endTraceHash: simulation.traceHash.hexDigest,
                        outcome: BranchOutcome(of: simulation)))
        timelines[name] = KeyframeTimeline(sharing: timelines[parent.name]!, before: here)
        currentBranch = name
        interactive = branch.interactiveActions
        return name
    }

    // MARK: jumping

    /// Goes to `time` on the current branch: everything up to and including `time` has
    /// happened (as `advance(to:)` leaves it). Times past the branch's end stop at the end.
    public func jump(to time: VirtualTime) {
        let target = min(time, branch.end.time)
        restore(nearest: { $0.keyframes.last { $0.position.time <= target } })
        advance(to: target)
        if position > branch.end { jumpToEnd() }
    }

    /// Goes to exactly `position` with the first `actionCount` actions of the branch applied
    /// (where a recording says a fork or an action happened).
    public func jump(to target: HistoryPosition, actionCount: Int) {
        let interactiveLimit = branch.actions.prefix(actionCount).filter { $0.origin == .interactive }.count
        restore(nearest: { $0.nearest(atOrBefore: target, actionLimit: actionCount) })
        while appliedInteractive < interactiveLimit {
            let action = interactive[appliedInteractive]
            simulation.advance(toPosition: action.time, eventCount: action.afterEvents)
            try? simulation.perform(action.action)
            appliedInteractive += 1
        }
        simulation.advance(toPosition: target.time, eventCount: target.eventCount)
    }

    /// Goes to the furthest point of the current branch (the present).
    public func jumpToEnd() {
        let end = branch.end
        jump(to: end, actionCount: branch.actions.count)
    }

    /// Makes `name` the current branch, at its present. Returns false for an unknown name.
    @discardableResult
    public func switchTo(_ name: String) -> Bool {
        guard tree.branch(named: name) != nil else { return false }
        currentBranch = name
        interactive = branch.interactiveActions
        jumpToEnd()
        return true
    }

    // MARK: keyframes

    private func restore(nearest pick: (KeyframeTimeline) -> Keyframe?) {
        guard let keyframe = pick(keyframes) ?? keyframes.keyframes.first else { preconditionFailure("a branch always has its first keyframe") }
        simulation.restore(keyframe.snapshot)
        appliedInteractive = simulation.performedActions.filter { $0.origin == .interactive }.count
        onRestore?(keyframe)
    }

    /// Advances in pieces that end where keyframes fall due, so that a long advance (a
    /// headless run, a fast console) leaves them evenly spread too.
    private func advanceTakingKeyframes(to time: VirtualTime, maxEvents: Int) {
        var budget = maxEvents
        while budget > 0 {
            let due = (keyframes.keyframes.last?.position.time ?? .zero) + keyframes.interval
            let stop = min(time, due)
            let processed = simulation.advance(to: stop, maxEvents: budget)
            budget -= processed
            takeKeyframeIfDue()
            if stop == time || simulation.now < stop { return }
        }
    }

    private func takeKeyframeIfDue() {
        let here = position
        guard timelines[currentBranch]!.isDue(at: here), keyframes.keyframes.last.map({ $0.position < here }) ?? true else { return }
        timelines[currentBranch]!.append(Keyframe(snapshot: simulation.snapshot(), actionCount: simulation.performedActions.count,
                                                        attachment: attach?()))
        var rounds = 0
        while keyframeBytes > memoryCap, rounds < Self.thinningRoundLimit {
            let fullest = timelines.max { ($0.value.keyframes.count, $1.key) < ($1.value.keyframes.count, $0.key) }!.key
            guard timelines[fullest]!.keyframes.count > 1 else { break }
            timelines[fullest]!.thin()
            rounds += 1
        }
    }

    /// At or past the branch's end: the branch grows to here and takes the actions done so far.
    private func extendBranch() {
        let here = position
        guard appliedInteractive >= interactive.count, here >= branch.end else { return }
        let simulation = simulation
        tree.update(currentBranch) { branch in
            branch.end = here
            branch.actions = simulation.performedActions
            branch.endTraceHash = simulation.traceHash.hexDigest
            branch.outcome = BranchOutcome(of: simulation)
        }
    }
}
