/// The name of every message that crosses the simulated network, as `message_lost` events and
/// the JSON output spell it. Each belongs to one plane.
public enum MessageKind: String, Sendable, CaseIterable, Codable {
    // Control plane: heartbeats and the coordinator's orders.
    case heartbeat
    case drainNode = "drain_node"
    case resumeNode = "resume_node"
    case rebalanceRequest = "rebalance_request"
    case rejoin
    // Data plane: the work.
    case pull
    case leaseGrant = "lease_grant"
    case renew
    case renewReply = "renew_reply"
    case checkpoint
    case checkpointReply = "checkpoint_reply"
    case ack
    case nack

    public var plane: NetworkPlane {
        switch self {
        case .heartbeat, .drainNode, .resumeNode, .rebalanceRequest, .rejoin: .control
        case .pull, .leaseGrant, .renew, .renewReply, .checkpoint, .checkpointReply, .ack, .nack: .data
        }
    }

    /// Stable small number for the trace hash (declaration order is part of the hash format).
    var ordinal: Int { Self.ordinals[self]! }
    private static let ordinals: [MessageKind: Int] = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })
}
