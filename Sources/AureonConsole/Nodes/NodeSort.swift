import AureonCluster
import AureonEngine

/// The nodes table's order: a column (cycled with `o`) and a direction (`O` reverses). The
/// header marks the sorted column with an arrow. Ties keep node order, so equal rows do not
/// swap places from one frame to the next.
struct NodeSort: Sendable, Equatable {
    enum Key: Int, CaseIterable, Sendable {
        case name, health, slots, leases, heartbeat, done

        var column: NodeColumns.Column {
            switch self {
            case .name: .node
            case .health: .health
            case .slots: .slots
            case .leases: .leases
            case .heartbeat: .heartbeat
            case .done: .done
            }
        }

        var title: String {
            switch self {
            case .name: "node"
            case .health: "health"
            case .slots: "slots"
            case .leases: "leases"
            case .heartbeat: "heartbeat"
            case .done: "done"
            }
        }
    }

    var key: Key = .name
    var isDescending = false

    /// Name order ascending is the nodes' own order: nothing to sort.
    var isNatural: Bool { key == .name && !isDescending }

    mutating func cycle() { key = Key(rawValue: (key.rawValue + 1) % Key.allCases.count) ?? .name }

    /// `indices` in this order (a stable sort: node index breaks ties).
    func sorted(_ indices: [Int], in simulation: ClusterSimulation) -> [Int] {
        guard !isNatural else { return indices }
        let now = simulation.now
        func value(_ index: Int) -> Int64 {
            let node = simulation.nodes[index]
            switch key {
            case .name: return Int64(index)
            case .health: return Int64(simulation.displayedHealth(of: index).rawValue)
            case .slots: return Int64(node.activeCount)
            case .leases: return Int64(simulation.heldLeases(of: index).count)
            case .heartbeat: return (now - simulation.coordinator.views[index].lastHeartbeat).microseconds
            case .done: return Int64(node.completedCount)
            }
        }
        let keyed = indices.map { (value($0), $0) }
        let ordered = keyed.sorted { lhs, rhs in
            if lhs.0 != rhs.0 { return isDescending ? lhs.0 > rhs.0 : lhs.0 < rhs.0 }
            return lhs.1 < rhs.1
        }
        return ordered.map(\.1)
    }
}
