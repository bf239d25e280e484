import AureonCluster

/// The figures a frame needs over every node — nodes by displayed health, and which nodes have
/// a fault in force — kept up to date from the nodes that events name, so that an update
/// re-reads the nodes that changed instead of all of them (at 100 000 nodes a full pass per
/// frame was most of the frame's cost; see BENCHMARKS.md, "Console frame").
///
/// Sound because every change to what these figures read — a node killed or restarted, the
/// coordinator's verdict on it, a fault injected or cleared on it, its incarnation fenced —
/// is reported by an event naming that node (``ConsoleEventFeed`` collects them). A test
/// drives fuzzed histories and compares with a full recount after every step.
struct NodeAggregates {
    /// Nodes by displayed health, indexed by `DisplayedHealth.rawValue`.
    private(set) var healthCounts: [Int]
    /// The nodes with a node fault in force, in node order.
    private(set) var faultedNodes: [Int]
    /// Nodes read by the last update (the first one reads them all): the work it did, which
    /// depends on what changed, not on the size of the cluster.
    private(set) var nodesRead: Int
    private var health: [DisplayedHealth]
    private var isFaulted: [Bool]

    /// One full pass: the console's start.
    init(simulation: ClusterSimulation) {
        let count = simulation.nodes.count
        let health = (0..<count).map { simulation.displayedHealth(of: $0) }
        let isFaulted = (0..<count).map { Self.hasNodeFault($0, in: simulation) }
        var counts = Array(repeating: 0, count: DisplayedHealth.allCases.count)
        for value in health { counts[value.rawValue] += 1 }
        self.health = health
        self.isFaulted = isFaulted
        healthCounts = counts
        faultedNodes = isFaulted.indices.filter { isFaulted[$0] }
        nodesRead = count
    }

    /// Re-reads `touched` (nodes named by events since the last update, each once).
    mutating func update(touched: [Int], in simulation: ClusterSimulation) {
        nodesRead = 0
        var faultsChanged = false
        for index in touched where index < health.count {
            nodesRead += 1
            let now = simulation.displayedHealth(of: index)
            if now != health[index] {
                healthCounts[health[index].rawValue] -= 1
                healthCounts[now.rawValue] += 1
                health[index] = now
            }
            let faulted = Self.hasNodeFault(index, in: simulation)
            if faulted != isFaulted[index] {
                isFaulted[index] = faulted
                faultsChanged = true
            }
        }
        guard faultsChanged else { return }
        // Rebuilt from the touched nodes' changes, in node order (the faults pane's order).
        var nodes = Set(faultedNodes)
        for index in touched where index < isFaulted.count {
            if isFaulted[index] { nodes.insert(index) } else { nodes.remove(index) }
        }
        faultedNodes = nodes.sorted()
    }

    /// Every fault in force, as ``ClusterSimulation/activeFaults`` lists them (cluster-wide
    /// first, then by node), reading only the nodes that have one.
    func activeFaults(in simulation: ClusterSimulation) -> [ActiveFault] {
        var faults = simulation.clusterWideFaults
        for index in faultedNodes { simulation.appendFaults(ofNode: index, to: &faults) }
        return faults
    }

    private static func hasNodeFault(_ index: Int, in simulation: ClusterSimulation) -> Bool {
        var faults: [ActiveFault] = []
        simulation.appendFaults(ofNode: index, to: &faults)
        return !faults.isEmpty
    }
}
