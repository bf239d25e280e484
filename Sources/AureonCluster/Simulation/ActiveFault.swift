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
        var faults = clusterWideFaults
        for index in nodes.indices { appendFaults(ofNode: index, to: &faults) }
        return faults
    }

    /// The faults in force that apply to no one node (messenger, chaos).
    public var clusterWideFaults: [ActiveFault] {
        var faults: [ActiveFault] = []
        if chaosFaultsPerMinute > 0 {
            faults.append(ActiveFault(node: nil, kind: "chaos", detail: "\(EventDetail.fixed(chaosFaultsPerMinute, digits: 1))/min", endsAt: nil))
        }
        if let loss = planeFault(messenger.loss(on: .control), messenger.loss(on: .data), isOn: { $0 > 0 }) {
            faults.append(ActiveFault(node: nil, kind: "message_loss", detail: "p=\(EventDetail.fixed(loss.value, digits: 2))\(loss.suffix)",
                                      endsAt: faultEnd(-1, .messageLoss)))
        }
        if let delay = planeFault(messenger.delay(on: .control), messenger.delay(on: .data), isOn: { $0 > .zero }) {
            faults.append(ActiveFault(node: nil, kind: "message_delay", detail: "+\(delay.value)\(delay.suffix)", endsAt: faultEnd(-1, .messageDelay)))
        }
        return faults
    }

    /// Appends the faults in force on node `index` (none for most nodes), so that a caller who
    /// knows which nodes have faults (the console) need not walk every node.
    public func appendFaults(ofNode index: Int, to faults: inout [ActiveFault]) {
        // Field by field, not a copy of the whole node: this runs for every node an event named.
        let id = nodes[index].id, isKilled = nodes[index].isKilled, incarnation = nodes[index].incarnation
        let faultsOfNode = nodes[index].faults
        let end = { (kind: FaultKind) in self.faultEnd(index, kind) }
        if isKilled { faults.append(ActiveFault(node: id, kind: "killed", detail: "incarnation \(incarnation)", endsAt: nil)) }
        if coordinator.views[index].fencedIncarnation >= incarnation, !isKilled {
            faults.append(ActiveFault(node: id, kind: "fenced", detail: "incarnation \(incarnation) declared dead", endsAt: nil))
        }
        if faultsOfNode.isPartitioned {
            faults.append(ActiveFault(node: id, kind: "partition", detail: "cut off", endsAt: end(.partition)))
        }
        if faultsOfNode.slowFactor != 1 {
            faults.append(ActiveFault(node: id, kind: "slow", detail: "×\(EventDetail.fixed(faultsOfNode.slowFactor, digits: 1))",
                                      endsAt: end(.slow)))
        }
        if faultsOfNode.failureProbability > 0 {
            faults.append(ActiveFault(node: id, kind: "flaky", detail: "p=\(EventDetail.fixed(faultsOfNode.failureProbability, digits: 2))",
                                      endsAt: end(.flaky)))
        }
        if faultsOfNode.checkpointFailureProbability > 0 {
            faults.append(ActiveFault(node: id, kind: "checkpoint_failures",
                                      detail: "p=\(EventDetail.fixed(faultsOfNode.checkpointFailureProbability, digits: 2))",
                                      endsAt: end(.checkpointFailures)))
        }
        if faultsOfNode.clockSkew > .zero {
            faults.append(ActiveFault(node: id, kind: "clock_skew", detail: "\(faultsOfNode.clockSkew) behind", endsAt: end(.clockSkew)))
        }
    }

    private func faultEnd(_ node: Int, _ kind: FaultKind) -> VirtualTime? { faultEnds[FaultKey(node: Int32(node), kind: kind)] }

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
