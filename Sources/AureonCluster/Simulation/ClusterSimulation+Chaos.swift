import AureonEngine

/// Seeded chaos: faults drawn at a rate, each undone after a while. Everything comes from the
/// chaos stream and the engine's clock, so a history with chaos replays exactly.
extension ClusterSimulation {
    /// At most this share of nodes is down (killed, cut off or draining) because of chaos, so
    /// the cluster always keeps a healthy majority to make progress with.
    static let chaosMaxDownFraction = 0.34

    func setChaos(faultsPerMinute rate: Double) {
        chaosFaultsPerMinute = rate
        chaosGeneration &+= 1
        emit(rate > 0 ? .faultInjected : .faultCleared, detail: .fault(.chaos, label: rate > 0 ? "chaos at \(rate) faults/min" : "chaos off"))
        if rate > 0 { scheduleChaosTick() }
    }

    private func scheduleChaosTick() {
        // Exponential gaps give a Poisson stream of faults at the requested rate.
        let meanMicros = 60_000_000 / chaosFaultsPerMinute
        let gap = DeterministicMath.exponential(unit: chaosRandom.nextUnit()) * meanMicros
        scheduler.schedule(.chaosTick(generation: chaosGeneration), at: now + .microseconds(Int64(min(gap, 3.6e9)) + 1))
    }

    func chaosTick(generation: UInt32) {
        guard generation == chaosGeneration, chaosFaultsPerMinute > 0 else { return }
        injectChaosFault()
        scheduleChaosTick()
    }

    private func drawDuration(_ range: ClosedRange<Int64>) -> VirtualDuration { .seconds(chaosRandom.integer(in: range)) }

    private func injectChaosFault() {
        let down = nodes.indices.filter { nodes[$0].isKilled || nodes[$0].faults.isPartitioned || coordinator.views[$0].drain != nil }.count
        let mayTakeDown = Double(down + 1) <= Double(nodes.count) * Self.chaosMaxDownFraction
        let node = NodeID(chaosRandom.index(below: nodes.count))
        let live = !nodes[node.index].isKilled
        switch chaosRandom.index(below: 9) {
        case 0 where mayTakeDown && live && nodes[node.index].health == .healthy && !nodes[node.index].faults.isPartitioned:
            kill(node)
            scheduler.schedule(.chaosRecovery(node: Int32(node.index), incarnation: Int32(nodes[node.index].incarnation), restart: true),
                               at: now + drawDuration(30...120))
        case 1 where mayTakeDown && live && !nodes[node.index].faults.isPartitioned:
            try? apply(.partition([node], duration: drawDuration(20...90)))
        case 2 where mayTakeDown && live && coordinator.views[node.index].drain == nil:
            coordinator.drain(node, origin: .chaos, into: &effects)
            scheduler.schedule(.chaosRecovery(node: Int32(node.index), incarnation: Int32(nodes[node.index].incarnation), restart: false),
                               at: now + drawDuration(30...90))
        case 3 where live:
            try? apply(.slow(node, factor: Double(chaosRandom.integer(in: 2...5)), duration: drawDuration(60...180)))
        case 4 where live:
            try? apply(.flaky(node, probability: Double(chaosRandom.integer(in: 2...6)) / 10, duration: drawDuration(30...90)))
        case 5:
            try? apply(.messageLoss(probability: Double(chaosRandom.integer(in: 5...30)) / 100, plane: .all, duration: drawDuration(10...40)))
        case 6:
            try? apply(.messageDelay(.milliseconds(chaosRandom.integer(in: 100...2_000)), plane: .all, duration: drawDuration(20...60)))
        case 7 where live:
            try? apply(.checkpointFailures(node, probability: Double(chaosRandom.integer(in: 3...8)) / 10, duration: drawDuration(30...90)))
        case 8 where live:
            try? apply(.clockSkew(node, offset: drawDuration(10...60), duration: drawDuration(60...180)))
        default:
            break  // the drawn fault does not apply right now; the stream goes on
        }
    }

    func chaosRecovery(node index: Int, incarnation: Int, restart: Bool) {
        guard nodes[index].incarnation == incarnation else { return }
        if restart {
            if nodes[index].isKilled { self.restart(NodeID(index)) }
        } else if coordinator.views[index].drain == .chaos {
            coordinator.resume(NodeID(index), reason: "chaos", into: &effects)
        }
    }
}
