import AureonEngine

/// The control plane: heartbeats, message delivery, failure recovery and rebalancing.
extension ClusterSimulation {
    func heartbeatDue(node index: Int, incarnation: Int) {
        let node = nodes[index]
        guard !node.isKilled, node.incarnation == incarnation else { return }
        let heartbeat = Heartbeat(node: node.id, incarnation: node.incarnation, health: node.health,
                                  activeTasks: node.activeCount, maxConcurrency: node.maxConcurrency, completed: node.completedCount)
        send(.heartbeat(heartbeat), from: node.id, to: .coordinator)
        scheduler.schedule(.heartbeat(node: Int32(index), incarnation: Int32(incarnation)), at: now + configuration.heartbeatInterval)
    }

    /// Hands a control message to the messenger; it arrives later, or never.
    func send(_ message: ControlMessage, from sender: NodeID?, to endpoint: Endpoint) {
        var crossesPartition = sender.map { nodes[$0.index].faults.isPartitioned } ?? false
        if case let .node(recipient) = endpoint { crossesPartition = crossesPartition || nodes[recipient.index].faults.isPartitioned }
        guard let delay = messenger.transit(on: .control, crossesPartition: crossesPartition) else {
            if !crossesPartition {
                emit(.messageLost, node: sender, detail: .reason("\(message.name) lost in transit"))
            }
            return
        }
        let slot: Int32
        if let free = freeInFlightSlots.popLast() {
            slot = free
            inFlight[Int(free)] = (message, endpoint)
        } else {
            slot = Int32(inFlight.count)
            inFlight.append((message, endpoint))
        }
        scheduler.schedule(.deliver(slot: slot), at: now + delay)
    }

    func deliver(slot: Int) {
        guard let (message, endpoint) = inFlight[slot] else { preconditionFailure("delivery of an empty in-flight slot") }
        inFlight[slot] = nil
        freeInFlightSlots.append(Int32(slot))
        deliver(message, to: endpoint)
    }

    private func deliver(_ message: ControlMessage, to endpoint: Endpoint) {
        switch (message, endpoint) {
        case let (.heartbeat(heartbeat), .coordinator):
            // A partition that began while the message was in flight swallows it too.
            guard !nodes[heartbeat.node.index].faults.isPartitioned else { return }
            if let previous = coordinator.receive(heartbeat, at: now) {
                emit(.nodeRecovered, node: heartbeat.node, detail: .reason("heartbeat received again (was \(previous.rawValue))"))
            }
            if coordinator.views[heartbeat.node.index].drainedByRecovery, coordinator.views[heartbeat.node.index].health != .unresponsive {
                // The node is back: undo the drain recovery imposed (an operator's drain stays).
                coordinator.views[heartbeat.node.index].drainedByRecovery = false
                send(.resumeNode(heartbeat.node), from: nil, to: .node(heartbeat.node))
            }
        case let (.drainNode(target), .node):
            guard !nodes[target.index].isKilled, !nodes[target.index].faults.isPartitioned, nodes[target.index].health == .healthy else { return }
            nodes[target.index].health = .draining
            emit(.nodeDraining, node: target, detail: .reason("drain_node from recovery"))
        case let (.resumeNode(target), .node):
            guard !nodes[target.index].isKilled, nodes[target.index].health == .draining else { return }
            nodes[target.index].health = .healthy
            emit(.nodeResumed, node: target)
            requestPull(target.index)
        case (.rebalanceRequest, .coordinator):
            rebalance()
        default:
            break
        }
    }

    /// The failure-recovery scan (the seed's `FailureRecoveryService`): silence makes a node
    /// unresponsive (and it is asked to drain), longer silence makes it dead and its unstarted
    /// shards are placed elsewhere.
    func recoveryScan() {
        var newlyDead = false
        for index in coordinator.views.indices {
            let view = coordinator.views[index]
            let silence = now - view.lastHeartbeat
            if view.health != .dead, silence >= configuration.deadAfter {
                coordinator.views[index].health = .dead
                emit(.nodeDead, node: NodeID(index), detail: .reason("no heartbeat for \(silence)"))
                newlyDead = true
            } else if view.health == .healthy || view.health == .draining, silence >= configuration.unresponsiveAfter {
                coordinator.views[index].health = .unresponsive
                emit(.nodeUnresponsive, node: NodeID(index), detail: .reason("no heartbeat for \(silence)"))
                if view.health == .healthy {
                    coordinator.views[index].drainedByRecovery = true
                    send(.drainNode(NodeID(index)), from: nil, to: .node(NodeID(index)))
                }
            }
        }
        if newlyDead { rebalance() }
        scheduler.schedule(.recoveryScan, at: now + configuration.scanInterval)
    }

    /// Moves unstarted shards off draining, unresponsive, dead, killed and overloaded nodes onto
    /// the least-loaded placeable ones (the seed left this as a placeholder). Returns how many moved.
    @discardableResult
    func rebalance() -> Int {
        let sources = coordinator.rebalanceSources(readyCount: queue.readyCount)
        var moved = 0
        // One placement heap serves every source whose moves only raise other nodes' loads; a
        // placeable (overloaded) source is excluded from its own placement and its load drops
        // afterwards, so the heap is rebuilt around it.
        var placement: PlacementQueue?
        for source in sources {
            let excess = queue.readyCount[source.node.index] - source.keep
            guard excess > 0 else { continue }
            let messages = Array(queue.readyMessages(targetedAt: source.node, limit: Int.max).suffix(excess))
            let sourcePlaceable = coordinator.views[source.node.index].isPlaceable
            if placement == nil || sourcePlaceable {
                placement = PlacementQueue(coordinator: coordinator, readyCount: queue.readyCount, excluding: source.node)
            }
            guard placement?.isEmpty == false, let targets = placement?.take(messages.count) else { continue }
            if sourcePlaceable { placement = nil }
            for (message, target) in zip(messages, targets) {
                queue.retarget(message, to: target)
                announceReady(target: target)
            }
            moved += messages.count
            emit(.rebalanced, node: source.node, detail: .moved(count: messages.count))
        }
        return moved
    }
}
