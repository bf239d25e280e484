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
            // A refused `schedule` has reported itself already.
            if case .schedule = action { return }
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
        defer { route() }
        switch action {
        case let .drain(node):
            try checkNode(node)
            guard !nodes[node.index].isKilled else { throw ActionError("\(nodes[node.index].name) is killed; restart it first") }
            guard coordinator.views[node.index].drain == nil else { throw ActionError("\(nodes[node.index].name) is already draining") }
            coordinator.drain(node, origin: .operator, into: &effects)
        case let .resume(node):
            try checkNode(node)
            guard !nodes[node.index].isKilled else { throw ActionError("\(nodes[node.index].name) is killed; restart it instead") }
            guard coordinator.views[node.index].drain != nil else { throw ActionError("\(nodes[node.index].name) is not draining") }
            coordinator.resume(node, reason: "operator", into: &effects)
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
                emit(.runRefused, detail: .reason("\(spec.id): \(error.description)"))
                throw ActionError(error.description)
            }
        case .rebalance:
            effects.send(.rebalanceRequest, from: .coordinator, to: .coordinator)
        case let .partition(targets, duration):
            for node in targets { try checkNode(node) }
            for node in targets {
                messenger.setPartitioned(node, true)
                var faults = nodes[node.index].faults
                faults.isPartitioned = true
                nodes[node.index].setFaults(faults)
                startFault(.partition, on: node, label: duration.map { "partition for \($0)" } ?? "partition", duration: duration)
            }
        case let .heal(targets):
            for node in targets { try checkNode(node) }
            for node in targets where nodes[node.index].faults.isPartitioned { heal(node) }
        case let .slow(node, factor, duration):
            try checkNode(node)
            guard factor.isFinite, factor >= 1, factor <= 1_000 else { throw ActionError("slow factor \(factor) must be between 1 and 1000") }
            updateFaults(of: node) { $0.slowFactor = factor }
            startFault(.slow, on: node, label: "slow ×\(factor)", duration: duration)
        case let .flaky(node, probability, duration):
            try checkNode(node)
            try checkProbability(probability)
            updateFaults(of: node) { $0.failureProbability = probability }
            startFault(.flaky, on: node, label: "flaky p=\(probability)", duration: duration)
        case let .checkpointFailures(node, probability, duration):
            try checkNode(node)
            try checkProbability(probability)
            updateFaults(of: node) { $0.checkpointFailureProbability = probability }
            startFault(.checkpointFailures, on: node, label: "checkpoint failures p=\(probability)", duration: duration)
        case let .messageLoss(probability, plane, duration):
            try checkProbability(probability)
            messenger.setLoss(probability, on: plane)
            if duration == nil { networkBaseline = messenger.snapshot }
            startFault(.messageLoss, on: nil, label: "message loss p=\(probability) on \(plane.rawValue)", duration: duration)
        case let .messageDelay(delay, plane, duration):
            guard delay >= .zero, delay <= .hours(1) else { throw ActionError("message delay must be between 0 and 1h") }
            messenger.setDelay(delay, on: plane)
            if duration == nil { networkBaseline = messenger.snapshot }
            startFault(.messageDelay, on: nil, label: "message delay +\(delay) on \(plane.rawValue)", duration: duration)
        case let .clockSkew(node, offset, duration):
            try checkNode(node)
            guard offset >= .zero, offset <= .hours(24) else { throw ActionError("clock skew must be between 0 and 24h") }
            updateFaults(of: node) { $0.clockSkew = offset }
            startFault(.clockSkew, on: node, label: "clock skew \(offset)", duration: duration)
        case let .chaos(rate):
            guard rate.isFinite, rate >= 0, rate <= 600 else { throw ActionError("chaos rate must be between 0 and 600 faults per minute") }
            setChaos(faultsPerMinute: rate)
        case .quiesce:
            quiesce()
        case let .say(text):
            emit(.narration, detail: .reason(text))
        }
    }

    /// Ends every fault at once (the start of a fuzz run's quiet period).
    private func quiesce() {
        if chaosFaultsPerMinute > 0 { setChaos(faultsPerMinute: 0) }
        for kind in [FaultKind.messageLoss, .messageDelay] {
            let key = FaultKey(node: -1, kind: kind)
            guard faultEpochs[key] != nil, isClusterFaultActive(kind) else { continue }
            _ = bumpEpoch(nil, kind)
            emit(.faultCleared, detail: .fault(kind, label: "\(kind.rawValue) ended (quiesce)"))
        }
        messenger.setLoss(0, on: .all)
        messenger.setDelay(.zero, on: .all)
        networkBaseline = messenger.snapshot
        for index in nodes.indices {
            let node = NodeID(index)
            if nodes[index].isKilled { restart(node) }
            if nodes[index].faults.isPartitioned { heal(node) }
            if coordinator.views[index].drain != nil { coordinator.resume(node, reason: "quiesce", into: &effects) }
            let faults = nodes[index].faults
            for kind in FaultKind.allCases where kind != .partition && faults.has(kind) {
                _ = bumpEpoch(node, kind)
                emit(.faultCleared, node: node, detail: .fault(kind, label: "\(kind.rawValue) ended (quiesce)"))
            }
            if !faults.isNone { nodes[index].setFaults(NodeFaults()) }
        }
    }

    private func isClusterFaultActive(_ kind: FaultKind) -> Bool {
        switch kind {
        case .messageLoss: messenger.loss(on: .control) > 0 || messenger.loss(on: .data) > 0
        case .messageDelay: messenger.delay(on: .control) > .zero || messenger.delay(on: .data) > .zero
        default: false
        }
    }

    private func updateFaults(of node: NodeID, _ change: (inout NodeFaults) -> Void) {
        var faults = nodes[node.index].faults
        change(&faults)
        nodes[node.index].setFaults(faults)
    }

    func kill(_ node: NodeID) {
        // The leases stay in the queue until they expire; until then the shards show as held.
        nodes[node.index].kill()
        broker.connectionClosed(node)
        emit(.nodeKilled, node: node, detail: .incarnation(nodes[node.index].incarnation))
    }

    func restart(_ node: NodeID) {
        // Timers of faults the old incarnation had must not touch the new one.
        for kind in FaultKind.allCases { faultEpochs[FaultKey(node: Int32(node.index), kind: kind), default: 0] &+= 1 }
        messenger.setPartitioned(node, false)
        nodes[node.index].restart(now: now, into: &effects)
    }

    func heal(_ node: NodeID) {
        messenger.setPartitioned(node, false)
        updateFaults(of: node) { $0.isPartitioned = false }
        emit(.faultCleared, node: node, detail: .fault(.partition, label: "partition healed"))
    }

    /// The common tail of every fault: a new generation (so older timers leave it alone), the
    /// event, and the timer that ends it if it has a duration.
    private func startFault(_ kind: FaultKind, on node: NodeID?, label: String, duration: VirtualDuration?) {
        let epoch = bumpEpoch(node, kind)
        emit(.faultInjected, node: node, detail: .fault(kind, label: label))
        if let duration { scheduleExpiry(kind, node: node, epoch: epoch, after: duration) }
    }

    private func bumpEpoch(_ node: NodeID?, _ kind: FaultKind) -> UInt32 {
        let key = FaultKey(node: Int32(node?.index ?? -1), kind: kind)
        faultEpochs[key, default: 0] &+= 1
        faultEnds[key] = nil  // until a duration says otherwise
        return faultEpochs[key]!
    }

    private func scheduleExpiry(_ kind: FaultKind, node: NodeID?, epoch: UInt32, after duration: VirtualDuration) {
        faultEnds[FaultKey(node: Int32(node?.index ?? -1), kind: kind)] = now + duration
        scheduler.schedule(.faultExpiry(FaultExpiry(kind: kind, node: Int32(node?.index ?? -1), epoch: epoch)), at: now + duration)
    }

    func expireFault(_ expiry: FaultExpiry) {
        guard faultEpochs[FaultKey(node: expiry.node, kind: expiry.kind)] == expiry.epoch else { return }
        let label = "\(expiry.kind.rawValue) ended"
        if expiry.node < 0 {
            // A timed network fault ends by going back to the untimed level in force (a
            // scenario's sustained loss outlives the short bursts chaos adds on top of it).
            switch expiry.kind {
            case .messageLoss: messenger.restoreLoss(networkBaseline)
            case .messageDelay: messenger.restoreDelay(networkBaseline)
            default: return
            }
            emit(.faultCleared, detail: .fault(expiry.kind, label: label))
            return
        }
        let node = NodeID(Int(expiry.node))
        switch expiry.kind {
        case .partition:
            if nodes[node.index].faults.isPartitioned { heal(node) }
            return
        case .slow: updateFaults(of: node) { $0.slowFactor = 1 }
        case .flaky: updateFaults(of: node) { $0.failureProbability = 0 }
        case .checkpointFailures: updateFaults(of: node) { $0.checkpointFailureProbability = 0 }
        case .clockSkew: updateFaults(of: node) { $0.clockSkew = .zero }
        case .messageLoss, .messageDelay, .chaos: return  // cluster-wide: never a node's timer
        }
        emit(.faultCleared, node: node, detail: .fault(expiry.kind, label: label))
    }
}
