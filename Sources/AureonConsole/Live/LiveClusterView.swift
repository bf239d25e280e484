import AureonPostgres

/// What the live console knows of the cluster, built only from the watch's updates: the
/// newest nodes and runs, a bounded ring of recent events, and the connection's state.
struct LiveClusterView {
    enum Connection: Equatable {
        case connecting
        case connected
        case reconnecting(reason: String)
    }

    /// Events kept for the log (the newest; older ones are counted only).
    static let eventCapacity = 2_000

    private(set) var nodes: [LiveNodeRow] = []
    private(set) var runs: [LiveRunRow] = []
    private(set) var events: [LiveEvent] = []
    /// Every event the watch reported, shown or not.
    private(set) var eventsSeen = 0
    private(set) var connection = Connection.connecting

    /// Takes one update in; returns the notice it deserves, if any.
    mutating func apply(_ update: LiveWatchUpdate) -> (text: String, isProblem: Bool)? {
        switch update {
        case .state(let snapshot):
            connection = .connected
            nodes = snapshot.nodes
            runs = snapshot.runs
            eventsSeen += snapshot.newEvents
            events.append(contentsOf: snapshot.events)
            if events.count > Self.eventCapacity { events.removeFirst(events.count - Self.eventCapacity) }
            return nil
        case .unreachable(let reason):
            connection = .reconnecting(reason: reason)
            return ("database unreachable — reconnecting… (\(reason))", true)
        case .reconnected(let caughtUp):
            connection = .connected
            return ("reconnected, caught up \(caughtUp) events", false)
        case let .requested(action, node, id):
            return ("\(action.rawValue) requested for \(node) (control #\(id)); it acts at its next heartbeat", false)
        case let .requestFailed(action, node, reason):
            return ("\(action.rawValue) for \(node) failed: \(reason)", true)
        }
    }

    func node(named name: String) -> LiveNodeRow? {
        nodes.first { $0.name == name }
    }

    /// Nodes per displayed health, in `DisplayedHealth` order.
    var healthCounts: [Int] {
        var counts = [Int](repeating: 0, count: DisplayedHealth.allCases.count)
        for node in nodes { counts[DisplayedHealth(isKilled: false, believed: node.health).rawValue] += 1 }
        return counts
    }

    /// Shards of every run shown, by state.
    var totals: (ready: Int, leased: Int, committed: Int, deadLettered: Int) {
        runs.reduce((0, 0, 0, 0)) { sum, run in
            (sum.0 + run.ready, sum.1 + run.leased, sum.2 + run.committed, sum.3 + run.deadLettered)
        }
    }
}
