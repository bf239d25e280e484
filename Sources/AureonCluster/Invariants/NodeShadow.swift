/// The checker's own record of which nodes may take work, rebuilt from node events alone and
/// never from the coordinator's or the queue's state: a draining, killed or dead node that
/// still gets a lease disagrees with this record, and that disagreement is the violation.
///
/// Draining lasts from `node_draining` to `node_resumed`, `node_restarted` or `node_rejoined`;
/// killed from `node_killed` to `node_restarted`; `node_dead .incarnation(n)` fences
/// incarnations up to n for good. Nodes exist from the start as incarnation 1 (`node_joined`).
struct NodeShadow: Sendable {
    struct Node: Sendable {
        var incarnation = 1
        /// Highest incarnation declared dead (0: none).
        var fencedThrough = 0
        var draining = false
        var killed = false

        var isAvailable: Bool { !draining && !killed && incarnation > fencedThrough }

        /// Why this node may not take a lease for `incarnation`, or nil when it may.
        func unavailability(for incarnation: Int) -> String? {
            if incarnation <= fencedThrough { return "incarnation \(incarnation) was declared dead (fenced through \(fencedThrough))" }
            if killed { return "killed" }
            if draining { return "draining" }
            return nil
        }
    }

    private var nodes: [Node]
    /// Nodes that may take work now (kept up to date per event, so liveness reads it in O(1)).
    private(set) var availableCount: Int

    init(nodeCount: Int) {
        nodes = Array(repeating: Node(), count: max(0, nodeCount))
        availableCount = nodes.count
    }

    /// The node's record; a node beyond the configured count reads as a fresh one.
    subscript(node: NodeID) -> Node { node.index < nodes.count ? nodes[node.index] : Node() }

    /// Applies a node event; returns true when it made a node available while none was (the
    /// liveness clocks restart then: a cluster with no node to work on is not stalled).
    mutating func observe(_ event: EventRecord) -> Bool {
        guard let id = event.node, id.index < ClusterConfiguration.maxNodes else { return false }
        if id.index >= nodes.count {
            let added = id.index + 1 - nodes.count
            nodes.append(contentsOf: repeatElement(Node(), count: added))
            availableCount += added
        }
        let wasAvailable = nodes[id.index].isAvailable
        let incarnation: Int? = if case let .incarnation(number) = event.detail { number } else { nil }
        switch event.kind {
        case .nodeJoined:
            nodes[id.index].incarnation = incarnation ?? 1
        case .nodeDraining:
            nodes[id.index].draining = true
        case .nodeResumed:
            nodes[id.index].draining = false
        case .nodeKilled:
            nodes[id.index].killed = true
        case .nodeRestarted:
            nodes[id.index].killed = false
            nodes[id.index].draining = false
            nodes[id.index].incarnation = incarnation ?? nodes[id.index].incarnation + 1
        case .nodeDead:
            nodes[id.index].fencedThrough = max(nodes[id.index].fencedThrough, incarnation ?? nodes[id.index].incarnation)
        case .nodeRejoined:
            nodes[id.index].draining = false
            if let incarnation { nodes[id.index].incarnation = incarnation }
        default:
            return false
        }
        let isAvailable = nodes[id.index].isAvailable
        guard isAvailable != wasAvailable else { return false }
        availableCount += isAvailable ? 1 : -1
        return isAvailable && availableCount == 1
    }
}
