import AureonEngine

extension ClusterSimulation {
    /// Gives every source of randomness a new seed derived from `seed`: the operator stream,
    /// the chaos stream, the messenger's, each node's, and the per-task draws (work, residual,
    /// validation) of the queue and the supervisor, which must agree with each other.
    ///
    /// Why: causality analysis re-runs the future of a restored snapshot "with different
    /// luck". Everything already decided (running tasks' work, pending events, timers) stays;
    /// only what is drawn from now on changes. Each stream gets its own salt, as at creation,
    /// so no two streams share a sequence.
    public func reseed(_ seed: UInt64) {
        random = SeededRandom(seed: SplitMix64.mix(seed ^ 0x6F70_6572))  // "oper"
        chaosRandom = SeededRandom(seed: SplitMix64.mix(seed ^ 0x6368_616F_7321))  // "chaos!"
        messenger.reseed(SplitMix64.mix(seed ^ 0x6D65_7373_656E_6765))  // "messenge"
        for index in nodes.indices {
            nodes[index].reseed(SplitMix64.mix(seed ^ 0x6E6F_6465 ^ UInt64(index) << 20))  // "node"
        }
        let draws = SplitMix64.mix(seed ^ 0x6472_6177)  // "draw"
        broker.reseed(draws)
        supervisor.reseed(draws)
    }
}

extension Messenger {
    mutating func reseed(_ seed: UInt64) { random = SeededRandom(seed: seed) }
}

extension NodeOrchestrator {
    mutating func reseed(_ seed: UInt64) { random = SeededRandom(seed: seed) }
}

extension QueueBroker {
    mutating func reseed(_ seed: UInt64) { draws = TaskDraws(seed: seed) }
}

extension Supervisor {
    mutating func reseed(_ seed: UInt64) { draws = TaskDraws(seed: seed) }
}
