import AureonCluster
import AureonEngine

/// What a confirmed action will do, worked out when the dialog opens — and still true when the
/// operator confirms, because the simulation holds still while the dialog is open.
///
/// For a kill it lists exactly the leases the nodes hold (task and fencing token): those leases
/// will not be renewed, so each expires at its deadline and its shard is redelivered to another
/// node, resuming from its latest checkpoint.
struct ActionPreview: Sendable {
    /// The actions `y` performs, in node order.
    let actions: [OperatorAction]
    let title: String
    let message: [String]
    /// One line per held lease (kills) or per node (other bulk actions).
    let lines: [String]
    let yesLabel: String
    /// What the notice says once done.
    let done: String
    /// The held leases listed, as (task, token): what a test compares with what expires.
    let leases: [(task: TaskID, token: FencingToken)]

    /// Killing `nodes` (live ones; the caller skips killed nodes).
    static func kill(_ nodes: [NodeID], in simulation: ClusterSimulation) -> ActionPreview {
        let now = simulation.now
        let names = nodes.map { simulation.naming.name(of: $0) }
        var leases: [(TaskID, FencingToken)] = []
        var lines: [String] = []
        for node in nodes {
            for held in simulation.heldLeases(of: node.index) {
                let task = simulation.taskID(for: held.task.task)
                leases.append((task, held.lease.token))
                let owner = nodes.count > 1 ? "\(simulation.naming.name(of: node))  " : ""
                lines.append("\(owner)\(task)  token \(held.lease.token)  expires in \(ConsoleFormat.age(held.lease.deadline - now))")
            }
        }
        let queued = nodes.reduce(0) { $0 + simulation.queue.readyCount[$1.index] }
        let timeout = simulation.configuration.visibilityTimeout
        let subject = names.count == 1 ? names[0] : "\(names.count) nodes (\(Self.list(names)))"
        var message = [names.count == 1 ? "Kill \(subject)? It stops at once: no acks, no heartbeats."
                                        : "Kill \(subject)? They stop at once: no acks, no heartbeats."]
        if leases.isEmpty {
            message.append("\(names.count == 1 ? "It holds" : "They hold") no leases; nothing will be redelivered.")
        } else {
            message.append("\(leases.count) lease\(leases.count == 1 ? "" : "s") will expire (visibility timeout \(timeout));")
            message.append("those shards will be redelivered to other nodes, resuming from checkpoints:")
        }
        if queued > 0 {
            message.append("\(queued) queued shard\(queued == 1 ? "" : "s") placed on \(names.count == 1 ? "it" : "them") move once declared dead.")
        }
        message.append("The simulation waits while this dialog is open.")
        return ActionPreview(actions: nodes.map { .kill($0) }, title: "Kill \(subject)", message: message, lines: lines,
                             yesLabel: "Yes, kill (y)", done: "killed \(Self.list(names)); leases expire and their shards are redelivered",
                             leases: leases)
    }

    /// One action over several marked nodes (drain, resume, restart, a fault), one line each.
    static func bulk(_ verb: String, _ actions: [(NodeID, OperatorAction)], in simulation: ClusterSimulation) -> ActionPreview {
        let names = actions.map { simulation.naming.name(of: $0.0) }
        let lines = actions.map { node, _ in
            let health = simulation.displayedHealth(of: node.index)
            return "\(simulation.naming.name(of: node))  \(health.name)  \(simulation.heldLeases(of: node.index).count) leases"
        }
        return ActionPreview(actions: actions.map(\.1), title: "\(verb) \(names.count) marked nodes",
                             message: ["\(verb) \(Self.list(names))?", "The simulation waits while this dialog is open."],
                             lines: lines, yesLabel: "Yes, \(verb) (y)", done: "\(verb): \(Self.list(names))", leases: [])
    }

    private static func list(_ names: [String]) -> String {
        names.count <= 4 ? names.joined(separator: ", ") : names.prefix(3).joined(separator: ", ") + " and \(names.count - 3) more"
    }
}
