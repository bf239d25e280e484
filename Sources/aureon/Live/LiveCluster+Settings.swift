import AureonCluster
import AureonPostgres

extension LiveCluster.Settings {
    /// The processes of a live cluster playing `configuration` at `scale`: every node gets the
    /// scenario file (its timings), its concurrency, the clock and the seed; the coordinator
    /// its detection timings, turned into wall seconds. One definition for `aureon live` and
    /// `aureon live run`.
    init(playing configuration: ClusterConfiguration, scenario path: String?, scale: Double, database: DatabaseAddress?,
         nodeNames: [String], partitionable: Bool = false) {
        var node = ["--concurrency", String(configuration.concurrency), "--time-scale", String(scale), "--seed", String(configuration.seed)]
        if let path { node = ["--scenario", path] + node }
        let scan = max(Duration.milliseconds(50), LiveRunPlan.wall(configuration.scanInterval, scale: scale))
        let coordinator = ["--scan", LiveRunPlan.seconds(scan),
                           "--unresponsive-after", LiveRunPlan.seconds(LiveRunPlan.wall(configuration.unresponsiveAfter, scale: scale)),
                           "--dead-after", LiveRunPlan.seconds(LiveRunPlan.wall(configuration.deadAfter, scale: scale))]
        self.init(database: database, nodeNames: nodeNames, nodeArguments: node, coordinatorArguments: coordinator,
                  partitionable: partitionable)
    }
}
