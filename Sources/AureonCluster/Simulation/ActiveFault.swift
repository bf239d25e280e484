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
        func end(_ node: Int, _ kind: FaultKind) -> VirtualTime? { faultEnds[FaultKey(node: Int32(node), kind: kind)] }
        if chaosFaultsPerMinute > 0 {
            faults.append(ActiveFault(node: nil, kind: "chaos", detail: "\(EventDetail.fixed(chaosFaultsPerMinute, digits: 1))/min", endsAt: nil))
        }
        if let loss = planeFault(messenger.loss(on: .control), messenger.loss(on: .data), isOn: { $0 > 0 }) {
            faults.append(ActiveFault(node: nil, kind: "message_loss", detail: "p=\(EventDetail.fixed(loss.value, digits: 2))\(loss.suffix)",
                                      endsAt: end(-1, .messageLoss)))
        }
        if let delay = planeFault(messenger.delay(on: .control), messenger.delay(on: .data), isOn: { $0 > .zero }) {
            faults.append(ActiveFault(node: nil, kind: "message_delay", detail: "+\(delay.value)\(delay.suffix)", endsAt: end(-1, .messageDelay)))
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

    /// One entry for a network fault: unqualified when both planes have it alike, otherwise
    /// the plane it is on (the larger one when they differ).
    private func planeFault<Value: Comparable>(_ control: Value, _ data: Value, isOn: (Value) -> Bool) -> (value: Value, suffix: String)? {
        switch (isOn(control), isOn(data)) {
        case (false, false): nil
        case (true, true) where control == data: (control, "")
        case (true, false): (control, " control")
        case (false, true): (data, " data")
        case (true, true): (max(control, data), " control+data")
        }
    }
}
