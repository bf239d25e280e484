import AureonEngine

/// Control-plane messages (the seed's `ControlMessageType`), carried by the messenger.
public enum ControlMessage: Sendable, Equatable {
    case heartbeat(Heartbeat)
    /// Coordinator → node: stop taking work (sent by recovery to unresponsive nodes).
    case drainNode(NodeID)
    /// Coordinator → node: take work again.
    case resumeNode(NodeID)
    /// Anyone → coordinator: move unstarted shards off draining, dead and overloaded nodes.
    case rebalanceRequest

    public var name: String {
        switch self {
        case .heartbeat: "heartbeat"
        case .drainNode: "drain_node"
        case .resumeNode: "resume_node"
        case .rebalanceRequest: "rebalance_request"
        }
    }
}

/// What a node reports about itself every heartbeat interval.
public struct Heartbeat: Sendable, Equatable {
    public let node: NodeID
    public let incarnation: Int
    public let health: NodeHealth
    public let activeTasks: Int
    public let maxConcurrency: Int
    public let completed: Int
}

/// Who a control message is for.
public enum Endpoint: Sendable, Equatable {
    case coordinator
    case node(NodeID)
}
