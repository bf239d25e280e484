import AureonEngine

/// A fault in force right now, for the console's fault panel.
public struct ActiveFault: Sendable, Equatable {
    /// The node it applies to; nil for cluster-wide faults (messenger, chaos).
    public let node: NodeID?
    public let kind: String
    public let detail: String
    /// When it ends by itself, if it was given a duration.
    public let endsAt: VirtualTime?
}

extension ClusterSimulation {
    /// Every fault in force, cluster-wide first, then by node; a killed node is listed too.
    public var activeFaults: [ActiveFault] {
        var faults: [ActiveFault] = []
        func end(_ node: Int, _ kind: FaultExpiry.Kind) -> VirtualTime? { faultEnds[FaultKey(node: Int32(node), kind: kind)] }
        if chaosFaultsPerMinute > 0 {
            faults.append(ActiveFault(node: nil, kind: "chaos", detail: "\(EventDetail.fixed(chaosFaultsPerMinute, digits: 1))/min", endsAt: nil))
        }
        for plane in [NetworkPlane.control, .data] where messenger.loss(on: plane) > 0 {
            faults.append(ActiveFault(node: nil, kind: "message_loss",
                                      detail: "p=\(EventDetail.fixed(messenger.loss(on: plane), digits: 2)) \(plane.rawValue)",
                                      endsAt: end(-1, .messageLoss)))
        }
        for plane in [NetworkPlane.control, .data] where messenger.delay(on: plane) > .zero {
            faults.append(ActiveFault(node: nil, kind: "message_delay", detail: "+\(messenger.delay(on: plane)) \(plane.rawValue)",
                                      endsAt: end(-1, .messageDelay)))
        }
        for node in nodes {
            let index = node.id.index
            let faultsOfNode = node.faults
            if node.isKilled { faults.append(ActiveFault(node: node.id, kind: "killed", detail: "incarnation \(node.incarnation)", endsAt: nil)) }
            if coordinator.views[index].fencedIncarnation >= node.incarnation, !node.isKilled {
                faults.append(ActiveFault(node: node.id, kind: "fenced", detail: "incarnation \(node.incarnation) declared dead", endsAt: nil))
            }
            if faultsOfNode.isPartitioned {
                faults.append(ActiveFault(node: node.id, kind: "partition", detail: "cut off", endsAt: end(index, .partition)))
            }
            if faultsOfNode.slowFactor != 1 {
                faults.append(ActiveFault(node: node.id, kind: "slow", detail: "×\(EventDetail.fixed(faultsOfNode.slowFactor, digits: 1))",
                                          endsAt: end(index, .slow)))
            }
            if faultsOfNode.failureProbability > 0 {
                faults.append(ActiveFault(node: node.id, kind: "flaky", detail: "p=\(EventDetail.fixed(faultsOfNode.failureProbability, digits: 2))",
                                          endsAt: end(index, .flaky)))
            }
            if faultsOfNode.checkpointFailureProbability > 0 {
                faults.append(ActiveFault(node: node.id, kind: "checkpoint_failures",
                                          detail: "p=\(EventDetail.fixed(faultsOfNode.checkpointFailureProbability, digits: 2))",
                                          endsAt: end(index, .checkpointFailures)))
            }
            if faultsOfNode.clockSkew > .zero {
                faults.append(ActiveFault(node: node.id, kind: "clock_skew", detail: "\(faultsOfNode.clockSkew) behind", endsAt: end(index, .clockSkew)))
            }
        }
        return faults
    }
}
