import AureonEngine
import HeapModule

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
    /// in order. Ties go to the lower node index, so placement is reproducible. O(count · log n).
    func place(count: Int, readyCount: [Int], excluding excluded: NodeID? = nil) throws(SchedulingError) -> [NodeID] {
        struct Load: Comparable {
            let load: Int
            let node: Int
            static func < (lhs: Load, rhs: Load) -> Bool { lhs.load != rhs.load ? lhs.load < rhs.load : lhs.node < rhs.node }
        }
        var heap = Heap<Load>()
        for (index, view) in views.enumerated() where view.isPlaceable && index != excluded?.index {
            heap.insert(Load(load: readyCount[index] + view.activeTasks, node: index))
        }
        guard !heap.isEmpty else { throw .noHealthyNode }
        var targets: [NodeID] = []
        targets.reserveCapacity(count)
        for _ in 0..<count {
            let least = heap.removeMin()
            targets.append(NodeID(least.node))
            heap.insert(Load(load: least.load + 1, node: least.node))
        }
        return targets
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
