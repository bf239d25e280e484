import AureonCluster
import AureonEngine

/// The embedded cluster `aureon` opens on when given no scenario.
///
/// The seed's timings (60 s visibility, 10 s heartbeats) are realistic but
/// slow to watch; these are lively enough that leases, heartbeats and
/// checkpoints visibly move within a second at the default speed.
public enum ConsoleDefaults {
    public static let nodeCount = 16
    public static let concurrency = 4
    /// Virtual seconds per wall second at start-up.
    public static let speed = 10.0

    /// Lively timings over `base`, keeping its seed, node count and concurrency.
    public static func configuration(from base: ClusterConfiguration) -> ClusterConfiguration {
        var configuration = base
        configuration.heartbeatInterval = .seconds(2)
        configuration.visibilityTimeout = .seconds(20)
        configuration.checkpointInterval = .seconds(5)
        configuration.leaseMargin = .seconds(2)
        configuration.unresponsiveAfter = .seconds(8)
        configuration.deadAfter = .seconds(20)
        configuration.scanInterval = .seconds(2)
        return configuration
    }

    /// The run already going at start-up, named like the seed's runs.
    public static func firstRun() -> RunSpec {
        RunSpec(id: .sequential(1), dataset: "dataset-A", items: 20_000, shardSize: 100, strategy: .bySlice,
                work: .seconds(5)...(.seconds(30)), maxIterations: 3)
    }

    /// Each run the default workload adds when one finishes: like the first, under a new id.
    public static func repeatingRun(id: RunID) -> RunSpec {
        var spec = firstRun()
        spec.id = id
        return spec
    }

    /// What the schedule form is pre-filled with, so `s` then Enter schedules a sensible run.
    public static func scheduleTemplate(id: RunID) -> RunSpec {
        RunSpec(id: id, dataset: "dataset-B", items: 5_000, shardSize: 50, strategy: .bySlice,
                work: .seconds(5)...(.seconds(20)), maxIterations: 1)
    }
}
