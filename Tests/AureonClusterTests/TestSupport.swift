import AureonEngine
@testable import AureonCluster

/// Small clusters with lively timings, so tests cover many transitions in little virtual time.
func makeConfiguration(nodes: Int = 4, concurrency: Int = 2, seed: UInt64 = 7) -> ClusterConfiguration {
    var configuration = ClusterConfiguration()
    configuration.seed = seed
    configuration.nodeCount = nodes
    configuration.concurrency = concurrency
    configuration.heartbeatInterval = .seconds(2)
    configuration.visibilityTimeout = .seconds(12)
    configuration.checkpointInterval = .seconds(3)
    configuration.leaseMargin = .seconds(1)
    configuration.scanInterval = .seconds(2)
    configuration.unresponsiveAfter = .seconds(6)
    configuration.deadAfter = .seconds(12)
    return configuration
}

func makeRun(_ id: String = "rqml-run-001", items: Int = 40, shardSize: Int = 5, work: ClosedRange<Int64> = 4...10,
             iterations: Int = 1) -> RunSpec {
    RunSpec(id: RunID(id), items: items, shardSize: shardSize, work: .seconds(work.lowerBound)...(.seconds(work.upperBound)),
            maxIterations: iterations)
}

extension ClusterSimulation {
    /// Advances by a span of virtual time.
    func advance(by duration: VirtualDuration) { advance(to: now + duration) }

    func events(of kind: EventKind) -> [ClusterEvent] { events.recent.filter { $0.kind == kind } }
}
