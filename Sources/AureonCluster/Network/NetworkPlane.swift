/// Which messages a network fault applies to.
///
/// The control plane carries heartbeats and the coordinator's orders (`drain_node`,
/// `resume_node`, `rebalance_request`, rejoin); the data plane carries the work itself (pull
/// requests and lease grants, renewals, checkpoint writes, acks and nacks). Splitting them lets a
/// scenario show a lost-ack storm (data only) apart from a cluster that cannot hear its nodes
/// (control only).
public enum NetworkPlane: String, Sendable, CaseIterable, Codable {
    case control
    case data
    case all

    /// True when a fault on `self` applies to a message travelling on `plane`.
    @inline(__always)
    public func covers(_ plane: NetworkPlane) -> Bool { self == .all || self == plane }
}
