import AureonCluster
import AureonEngine

/// What killing a node will do, worked out before the operator confirms.
///
/// Lists exactly the leases the node holds (task and fencing token): those
/// leases will not be renewed, so each expires at its deadline and its shard
/// is redelivered to another node, resuming from its latest checkpoint.
struct KillPreview: Sendable {
    let node: NodeID
    let nodeName: String
    /// One line per held lease: task, token and when it expires.
    let leaseLines: [String]
    let message: [String]

    init(simulation: ClusterSimulation, node: NodeID) {
        self.node = node
        nodeName = simulation.naming.name(of: node)
        let now = simulation.now
        let leases = simulation.heldLeases(of: node.index)
        leaseLines = leases.map { held in
            let remaining = held.lease.deadline - now
            return "\(simulation.taskID(for: held.task.task))  token \(held.lease.token)  expires in \(ConsoleFormat.age(remaining))"
        }
        let queued = simulation.queue.readyCount[node.index]
        let timeout = simulation.configuration.visibilityTimeout
        var lines = ["Kill \(nodeName)? It stops at once: no acks, no heartbeats."]
        if leases.isEmpty {
            lines.append("It holds no leases; nothing will be redelivered.")
        } else {
            lines.append("\(leases.count) lease\(leases.count == 1 ? "" : "s") will expire (visibility timeout \(timeout));")
            lines.append("those shards will be redelivered to other nodes, resuming from checkpoints:")
        }
        if queued > 0 {
            lines.append("\(queued) queued shard\(queued == 1 ? "" : "s") placed on it move once it is declared dead.")
        }
        message = lines
    }
}
