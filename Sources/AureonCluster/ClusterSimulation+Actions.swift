import AureonEngine

/// Operator actions and injected faults, applied at the current virtual time and recorded.
extension ClusterSimulation {
    /// Carries out an action now, between engine events, and records the attempt. Errors leave
    /// the cluster unchanged apart from the event that reports them.
    public func perform(_ action: OperatorAction) throws(ActionError) {
        performedActions.append(PerformedAction(time: now, afterEvents: counters.eventsProcessed, origin: .interactive, action: action))
        try apply(action)
    }

    /// Queues an action for a later virtual time (scenarios, replays). It is carried out then;
    /// if it fails then, the failure is an event, not a crash.
    public func schedule(_ action: OperatorAction, at time: VirtualTime) {
        precondition(time >= now, "cannot schedule an action in the past")
        precondition(pendingActions.count < Self.pendingActionLimit, "too many scheduled actions")
        pendingActions.append(action)
        if case .schedule = action { pendingScheduleActions += 1 }
        scheduler.schedule(.scheduledAction(index: Int32(pendingActions.count - 1)), at: time)
    }

    /// Upper bound on actions waiting on the timeline.
    public static let pendingActionLimit = 1_000_000

    func runScheduledAction(_ index: Int) {
        guard let action = pendingActions[index] else { return }
        pendingActions[index] = nil
        if case .schedule = action { pendingScheduleActions -= 1 }
        performedActions.append(PerformedAction(time: now, afterEvents: counters.eventsProcessed, origin: .scheduled, action: action))
        do {
            try apply(action)
        } catch {
            emit(.runRefused, detail: .reason("\(action.keyword) at \(now) failed: \(error.message)"))
        }
    }

    private func checkNode(_ node: NodeID) throws(ActionError) {
        guard node.index < nodes.count else { throw ActionError("no node \(node.index + 1) in a cluster of \(nodes.count)") }
    }

    private func checkProbability(_ value: Double) throws(ActionError) {
        guard value.isFinite, (0...1).contains(value) else { throw ActionError("probability \(value) is outside [0, 1]") }
    }

    func apply(_ action: OperatorAction) throws(ActionError) {
        switch action {
        case let .drain(node):
            try checkNode(node)
            guard !nodes[node.index].isKilled else { throw ActionError("\(nodes[node.index].name) is killed; restart it first") }
            guard nodes[node.index].health == .healthy else { throw ActionError("\(nodes[node.index].name) is already draining") }
            nodes[node.index].health = .draining
            if coordinator.views[node.index].health == .healthy { coordinator.views[node.index].health = .draining }
            coordinator.views[node.index].drainedByRecovery = false  // the operator's intent now
            emit(.nodeDraining, node: node, detail: .reason("operator"))
            rebalance()
        case let .resume(node):
            try checkNode(node)
            guard !nodes[node.index].isKilled else { throw ActionError("\(nodes[node.index].name) is killed; restart it instead") }
            guard nodes[node.index].health == .draining else { throw ActionError("\(nodes[node.index].name) is not draining") }
            nodes[node.index].health = .healthy
            if coordinator.views[node.index].health == .draining { coordinator.views[node.index].health = .healthy }
            emit(.nodeResumed, node: node, detail: .reason("operator"))
            requestPull(node.index)
        case let .kill(node):
            try checkNode(node)
            guard !nodes[node.index].isKilled else { throw ActionError("\(nodes[node.index].name) is already killed") }
            kill(node)
        case let .killRandom(count):
            let candidates = nodes.indices.filter { !nodes[$0].isKilled }
            guard count >= 0, count <= candidates.count else {
                throw ActionError("kill_random \(count): only \(candidates.count) live nodes")
            }
            var pool = candidates
            for _ in 0..<count {
                let pick = random.index(below: pool.count)
                kill(NodeID(pool[pick]))
                pool.swapAt(pick, pool.count - 1)
                pool.removeLast()
            }
        case let .restart(node):
            try checkNode(node)
            guard nodes[node.index].isKilled else { throw ActionError("\(nodes[node.index].name) is not killed") }
            restart(node)
        case .restartKilled:
            for index in nodes.indices where nodes[index].isKilled { restart(NodeID(index)) }
        case let .schedule(spec):
            do {
                try scheduleRun(spec)
            } catch {
                emit(.runRefused, run: spec.id, detail: .reason(error.description))
                throw ActionError(error.description)
            }
        case .rebalance:
            send(.rebalanceRequest, from: nil, to: .coordinator)
        case let .partition(targets, duration):
            for node in targets { try checkNode(node) }
            for node in targets {
                nodes[node.index].faults.isPartitioned = true
                nodes[node.index].isWaiting = false
                armExpiryTimers(for: nodes[node.index].slots.compactMap { $0 })
                startFault(.partition, on: node, label: duration.map { "partition for \($0)" } ?? "partition", duration: duration)
            }
        case let .heal(targets):
            for node in targets { try checkNode(node) }
            for node in targets where nodes[node.index].faults.isPartitioned { heal(node) }
        case let .slow(node, factor, duration):
            try checkNode(node)
            guard factor.isFinite, factor >= 1, factor <= 1_000 else { throw ActionError("slow factor \(factor) must be between 1 and 1000") }
            nodes[node.index].faults.slowFactor = factor
            startFault(.slow, on: node, label: "slow ×\(factor)", duration: duration)
        case let .flaky(node, probability, duration):
            try checkNode(node)
            try checkProbability(probability)
            nodes[node.index].faults.failureProbability = probability
            startFault(.flaky, on: node, label: "flaky p=\(probability)", duration: duration)
        case let .checkpointFailures(node, probability, duration):
            try checkNode(node)
            try checkProbability(probability)
            nodes[node.index].faults.checkpointFailureProbability = probability
            startFault(.checkpointFailures, on: node, label: "checkpoint failures p=\(probability)", duration: duration)
        case let .messageLoss(probability, plane, duration):
            try checkProbability(probability)
            messenger.setLoss(probability, on: plane)
            startFault(.messageLoss, on: nil, label: "message loss p=\(probability) on \(plane.rawValue)", duration: duration)
        case let .messageDelay(delay, plane, duration):
            guard delay >= .zero else { throw ActionError("message delay must not be negative") }
            messenger.setDelay(delay, on: plane)
            startFault(.messageDelay, on: nil, label: "message delay +\(delay) on \(plane.rawValue)", duration: duration)
        case let .clockSkew(node, offset, duration):
            try checkNode(node)
            guard offset >= .zero, offset <= .hours(24) else { throw ActionError("clock skew must be between 0 and 24h") }
            nodes[node.index].faults.clockSkew = offset
            armExpiryTimers(for: nodes[node.index].slots.compactMap { $0 })
            startFault(.clockSkew, on: node, label: "clock skew \(offset)", duration: duration)
        case let .chaos(rate):
            guard rate.isFinite, rate >= 0, rate <= 600 else { throw ActionError("chaos rate must be between 0 and 600 faults per minute") }
            setChaos(faultsPerMinute: rate)
        case .quiesce:
            if chaosFaultsPerMinute > 0 { setChaos(faultsPerMinute: 0) }
            messenger.setLoss(0, on: .all)
            messenger.setDelay(.zero, on: .all)
            for kind in [FaultExpiry.Kind.messageLoss, .messageDelay] { _ = bumpEpoch(nil, kind) }
            for index in nodes.indices {
                let node = NodeID(index)
                if nodes[index].isKilled { restart(node) }
                if nodes[index].faults.isPartitioned { heal(node) }
                if nodes[index].health == .draining {
                    nodes[index].health = .healthy
                    if coordinator.views[index].health == .draining { coordinator.views[index].health = .healthy }
                    emit(.nodeResumed, node: node, detail: .reason("quiesce"))
                    requestPull(index)
                }
                if !nodes[index].faults.isNone {
                    nodes[index].faults = NodeFaults()
                    for kind in FaultExpiry.Kind.allCases { _ = bumpEpoch(node, kind) }
                    emit(.faultCleared, node: node, detail: .reason("quiesce"))
                }
            }
        case let .say(text):
            caption = (now, text)
            emit(.narration, detail: .reason(text))
            narrationSink?(now, text)
        }
    }

    func kill(_ node: NodeID) {
        // The leases stay in the queue until they expire; until then the shards show as held.
        let lost = nodes[node.index].kill()
        armExpiryTimers(for: lost)
        emit(.nodeKilled, node: node, detail: .reason("\(lost.count) executions lost, leases will expire"))
    }

    func restart(_ node: NodeID) {
        nodes[node.index].restart()
        // Timers of faults the old incarnation had must not touch the new one.
        for kind in FaultExpiry.Kind.allCases { faultEpochs[FaultKey(node: Int32(node.index), kind: kind), default: 0] &+= 1 }
        let incarnation = nodes[node.index].incarnation
        emit(.nodeRestarted, node: node, detail: .incarnation(incarnation))
        scheduler.schedule(.heartbeat(node: Int32(node.index), incarnation: Int32(incarnation)), at: now)
        requestPull(node.index)
    }

    func heal(_ node: NodeID) {
        nodes[node.index].faults.isPartitioned = false
        emit(.faultCleared, node: node, detail: .reason("partition healed"))
        requestPull(node.index)
    }

    /// The common tail of every fault: a new generation (so older timers leave it alone), the
    /// event, and the timer that ends it if it has a duration.
    private func startFault(_ kind: FaultExpiry.Kind, on node: NodeID?, label: String, duration: VirtualDuration?) {
        let epoch = bumpEpoch(node, kind)
        emit(.faultInjected, node: node, detail: .reason(label))
        if let duration { scheduleExpiry(kind, node: node, epoch: epoch, after: duration) }
    }

    private func bumpEpoch(_ node: NodeID?, _ kind: FaultExpiry.Kind) -> UInt32 {
        let key = FaultKey(node: Int32(node?.index ?? -1), kind: kind)
        faultEpochs[key, default: 0] &+= 1
        faultEnds[key] = nil  // until a duration says otherwise
        return faultEpochs[key]!
    }

    private func scheduleExpiry(_ kind: FaultExpiry.Kind, node: NodeID?, epoch: UInt32, after duration: VirtualDuration) {
        faultEnds[FaultKey(node: Int32(node?.index ?? -1), kind: kind)] = now + duration
        scheduler.schedule(.faultExpiry(FaultExpiry(kind: kind, node: Int32(node?.index ?? -1), epoch: epoch)), at: now + duration)
    }

    func expireFault(_ expiry: FaultExpiry) {
        guard faultEpochs[FaultKey(node: expiry.node, kind: expiry.kind)] == expiry.epoch else { return }
        if expiry.node < 0 {
            switch expiry.kind {
            case .messageLoss: messenger.setLoss(0, on: .all)
            case .messageDelay: messenger.setDelay(.zero, on: .all)
            default: return
            }
            emit(.faultCleared, detail: .reason("\(expiry.kind) ended"))
            return
        }
        let index = Int(expiry.node)
        let node = NodeID(index)
        switch expiry.kind {
        case .partition: if nodes[index].faults.isPartitioned { heal(node) }; return
        case .slow: nodes[index].faults.slowFactor = 1
        case .flaky: nodes[index].faults.failureProbability = 0
        case .checkpointFailures: nodes[index].faults.checkpointFailureProbability = 0
        case .clockSkew: nodes[index].faults.clockSkew = .zero
        case .messageLoss, .messageDelay: return
        }
        emit(.faultCleared, node: node, detail: .reason("\(expiry.kind) ended"))
    }
}
