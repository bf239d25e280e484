import AureonEngine

/// The coordinator (the seed's `ClusterCoordinator` + `ClusterState`): its view of every node,
/// built from heartbeats and recovery verdicts, the drains it orders, and the placement
/// decisions made from that view.
///
/// Orders travel to the node over the control plane and are reconciled, not fire-and-forget:
/// every heartbeat says what the node is doing, and the coordinator sends the order again
/// while the two differ (a lost `drain_node` is repaired by the next heartbeat). The queue
/// hears of a drain or a death at the instant the coordinator decides it, so no lease is
/// handed to a node the coordinator has taken out of service.
public struct ClusterCoordinator: Sendable {
    /// Who asked for a node to be drained.
    public enum DrainOrigin: String, Sendable {
        case `operator`
        /// Failure recovery, because the node went silent; lifted when it is heard again.
        case recovery
        case chaos
    }

    /// What the coordinator believes about one node.
    public struct NodeView: Sendable {
        public internal(set) var health: NodeHealth = .healthy
        public internal(set) var incarnation = 1
        public internal(set) var lastHeartbeat: VirtualTime = .zero
        public internal(set) var activeTasks = 0
        public internal(set) var completed = 0
        /// Arrival times of recent heartbeats (for the node detail view).
        public internal(set) var heartbeats = HeartbeatHistory()
        /// Arrival times of recent heartbeats, oldest first.
        public var heartbeatHistory: [VirtualTime] { heartbeats.times }
        /// The drain in force, if any, and who ordered it.
        public internal(set) var drain: DrainOrigin?
        /// Incarnations up to this one were declared dead and are fenced (0: none).
        public internal(set) var fencedIncarnation = 0

        /// Recovery (not an operator) asked this node to drain; undone when it is heard again.
        public var drainedByRecovery: Bool { drain == .recovery }
        /// Eligible for new placements.
        public var isPlaceable: Bool { health == .healthy }
    }

    public internal(set) var views: [NodeView]
    let recovery: FailureRecovery

    init(configuration: ClusterConfiguration) {
        views = Array(repeating: NodeView(), count: configuration.nodeCount)
        recovery = FailureRecovery(unresponsiveAfter: configuration.unresponsiveAfter, deadAfter: configuration.deadAfter)
    }

    /// The health a view shows, from its silence verdict and the drain in force.
    private static func health(silence: NodeHealth?, drain: DrainOrigin?) -> NodeHealth {
        silence ?? (drain == nil ? .healthy : .draining)
    }

    // MARK: drains

    /// Takes a node out of service: the queue stops serving it now, and the node is told.
    mutating func drain(_ node: NodeID, origin: DrainOrigin, into effects: inout EffectSink) {
        precondition(views[node.index].drain == nil, "a node is drained once")
        views[node.index].drain = origin
        if views[node.index].health == .healthy { views[node.index].health = .draining }
        effects.emit(.nodeDraining, node: node, detail: .reason(origin.rawValue))
        effects.append(.setDraining(node, true))
        effects.send(.drainNode, from: .coordinator, to: .node(node))
        effects.append(.rebalance)
    }

    /// Puts a drained node back in service.
    mutating func resume(_ node: NodeID, reason: String, into effects: inout EffectSink) {
        precondition(views[node.index].drain != nil, "only a drained node resumes")
        views[node.index].drain = nil
        if views[node.index].health == .draining { views[node.index].health = .healthy }
        effects.emit(.nodeResumed, node: node, detail: .reason(reason))
        effects.append(.setDraining(node, false))
        effects.send(.resumeNode, from: .coordinator, to: .node(node))
    }

    // MARK: heartbeats

    /// A heartbeat arrived: the node is alive. A declared-dead incarnation is told to rejoin; a
    /// node heard again after silence gets back the drain recovery imposed; any order the
    /// node has not obeyed yet is sent again.
    mutating func receive(_ heartbeat: Heartbeat, now: VirtualTime, into effects: inout EffectSink) {
        let index = heartbeat.node.index
        let node = heartbeat.node
        if heartbeat.incarnation <= views[index].fencedIncarnation {
            effects.send(.rejoin(fencedIncarnation: heartbeat.incarnation), from: .coordinator, to: .node(node))
            return
        }
        guard heartbeat.incarnation >= views[index].incarnation else { return }  // a stale, reordered heartbeat
        let previous = views[index].health
        let wasSilent = previous == .unresponsive || previous == .dead
        let isNewIncarnation = heartbeat.incarnation > views[index].incarnation
        views[index].lastHeartbeat = now
        views[index].incarnation = heartbeat.incarnation
        views[index].activeTasks = heartbeat.activeTasks
        views[index].completed = heartbeat.completed
        views[index].heartbeats.record(now)
        if wasSilent {
            views[index].health = Self.health(silence: nil, drain: views[index].drain)
            effects.emit(.nodeRecovered, node: node, detail: .reason("heartbeat received again (was \(previous.rawValue))"))
        }
        if let drain = views[index].drain, drain == .recovery && (wasSilent || isNewIncarnation) || isNewIncarnation {
            // A recovery drain ends when the node is heard again; any drain ends with the
            // incarnation it was ordered for (a restarted process joins in service).
            resume(node, reason: drain == .recovery ? "recovery drain lifted: heard again" : "new incarnation \(heartbeat.incarnation)",
                   into: &effects)
        }
        // Reconcile: the node reports what it does; repeat the order while it differs.
        let wanted: NodeHealth = views[index].drain == nil ? .healthy : .draining
        if heartbeat.health != wanted {
            effects.send(wanted == .draining ? .drainNode : .resumeNode, from: .coordinator, to: .node(node))
        }
    }

    // MARK: failure recovery

    /// The recovery scan (the seed's `FailureRecoveryService`): silence makes a node
    /// unresponsive (and recovery drains it), longer silence makes it dead: its incarnation is
    /// fenced at the queue and its unstarted shards move.
    mutating func recoveryScan(now: VirtualTime, into effects: inout EffectSink) {
        var newlyDead = false
        for index in views.indices {
            let node = NodeID(index)
            switch recovery.verdict(health: views[index].health, lastHeartbeat: views[index].lastHeartbeat, now: now) {
            case .dead:
                views[index].health = .dead
                views[index].fencedIncarnation = views[index].incarnation
                effects.emit(.nodeDead, node: node, detail: .incarnation(views[index].incarnation))
                effects.append(.fence(node, incarnation: views[index].incarnation))
                newlyDead = true
            case .unresponsive:
                views[index].health = .unresponsive
                effects.emit(.nodeUnresponsive, node: node, detail: .reason("no heartbeat for \(now - views[index].lastHeartbeat)"))
                if views[index].drain == nil { drain(node, origin: .recovery, into: &effects) }
            case nil:
                break
            }
        }
        if newlyDead { effects.append(.rebalance) }
    }

    /// Which nodes may receive moved or new shards, and their reported loads (rebalance input).
    var placeable: [Bool] { views.map(\.isPlaceable) }
    var activeTasks: [Int] { views.map(\.activeTasks) }

    /// Places `count` shards on the least-loaded placeable nodes, returning the target of each
    /// in order: every shard goes to the node with the lowest (load, index) at that moment, so
    /// placement is reproducible.
    ///
    /// Computed by water-filling rather than with a priority queue: nodes at the lowest load
    /// take one shard each in index order, then the next level's nodes join. Same sequence as
    /// popping a heap, in O(count + n log n) instead of O(count · log n).
    func place(count: Int, readyCount: [Int], excluding excluded: NodeID? = nil) throws(SchedulingError) -> [NodeID] {
        var candidates: [(load: Int, node: Int)] = []
        // By index, not `enumerated()`: copying each view retains its heartbeat history.
        for index in views.indices where views[index].isPlaceable && index != excluded?.index {
            candidates.append((readyCount[index] + views[index].activeTasks, index))
        }
        guard !candidates.isEmpty else { throw .noHealthyNode }
        candidates.sort { $0.load != $1.load ? $0.load < $1.load : $0.node < $1.node }
        var targets: [NodeID] = []
        targets.reserveCapacity(count)
        var level = candidates[0].load
        var next = 0
        var group: [Int] = []
        while targets.count < count {
            // Nodes whose load equals the level join the group, kept in index order.
            var joining: [Int] = []
            while next < candidates.count, candidates[next].load == level {
                joining.append(candidates[next].node)
                next += 1
            }
            if !joining.isEmpty { group = Self.mergeSorted(group, joining) }
            for node in group {
                targets.append(NodeID(node))
                if targets.count == count { break }
            }
            level += 1
        }
        assert(targets.count == count, "postcondition: one target per shard")
        return targets
    }

    private static func mergeSorted(_ a: [Int], _ b: [Int]) -> [Int] {
        var merged: [Int] = []
        merged.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i] < b[j]) {
                merged.append(a[i]); i += 1
            } else {
                merged.append(b[j]); j += 1
            }
        }
        return merged
    }

}
