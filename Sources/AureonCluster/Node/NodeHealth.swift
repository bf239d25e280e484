/// A node's health: the seed's four states. Whether the node was killed by the operator is a
/// separate fact (`NodeState.isKilled`), because a killed node is seen by the coordinator only
/// through its silence, exactly like a crash.
public enum NodeHealth: String, Sendable, CaseIterable, Codable {
    case healthy
    case draining
    case unresponsive
    case dead
}

/// The seed's node roles. Workers execute shards; supervisors validate; hybrids do both.
public enum NodeRole: String, Sendable, CaseIterable, Codable {
    case worker
    case supervisor
    case hybrid
}
