import AureonEngine

/// The coordinator (the seed's `ClusterCoordinator` + `ClusterState`): its view of every node,
/// built from heartbeats and recovery verdicts, and the placement decisions made from it.
public struct ClusterCoordinator: Sendable {
    /// What the coordinator believes about one node.
    public struct NodeView: Sendable {
        public internal(set) var health: NodeHealth = .healthy
        public internal(set) var incarnation = 1
        public internal(set) var lastHeartbeat: VirtualTime = .zero
        public internal(set) var activeTasks = 0
        public internal(set) var completed = 0
        /// Arrival times of recent heartbeats, oldest first (for the node detail view).
        public internal(set) var heartbeatHistory: [VirtualTime] = []
        /// Recovery (not an operator) asked this node to drain; undone when it is heard again.
        public internal(set) var drainedByRecovery = false

        /// Eligible for new placements.
        public var isPlaceable: Bool { health == .healthy }
    }

    public static let heartbeatHistoryLimit = 16
    public internal(set) var views: [NodeView]

    init(nodeCount: Int) {
        views = Array(repeating: NodeView(), count: nodeCount)
    }

    /// Records a heartbeat. Returns the health the node had before if it was unresponsive or
    /// dead (it is back), nil otherwise.
    mutating func receive(_ heartbeat: Heartbeat, at now: VirtualTime) -> NodeHealth? {
        let index = heartbeat.node.index
        let previous = views[index].health
        views[index].lastHeartbeat = now
        views[index].incarnation = heartbeat.incarnation
        views[index].activeTasks = heartbeat.activeTasks
        views[index].completed = heartbeat.completed
        views[index].health = heartbeat.health
        views[index].heartbeatHistory.append(now)
        if views[index].heartbeatHistory.count > Self.heartbeatHistoryLimit { views[index].heartbeatHistory.removeFirst() }
        return previous == .unresponsive || previous == .dead ? previous : nil
    }

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

    /// Nodes whose unstarted shards should move: draining, unresponsive, dead, or holding more
    /// than twice the fair share of the backlog (overloaded). Ordered by node index. Only the
    /// coordinator's own view counts: a freshly killed node looks healthy until it falls silent.
    func rebalanceSources(readyCount: [Int]) -> [(node: NodeID, keep: Int)] {
        let placeable = views.indices.filter { views[$0].isPlaceable }
        let total = readyCount.reduce(0, +)
        guard !placeable.isEmpty, total > 0 else { return [] }
        let fairShare = (total + placeable.count - 1) / placeable.count
        var sources: [(node: NodeID, keep: Int)] = []
        for index in views.indices where readyCount[index] > 0 {
            if !views[index].isPlaceable {
                sources.append((NodeID(index), 0))
            } else if readyCount[index] > 2 * fairShare + 1 {
                sources.append((NodeID(index), fairShare))
            }
        }
        return sources
    }
}
