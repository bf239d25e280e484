import ArgumentParser
import AureonCluster
import AureonEngine
import AureonScenario

/// Flags shared by `simulate` and `console` that shape the cluster and the default run.
/// Every value is range-checked here so a bad one never reaches the simulation.
struct ClusterFlags: ParsableArguments {
    @Option(name: .long, help: "Scenario file (YAML); flags override it.")
    var scenario: String?
    @Option(name: .long, help: "Number of nodes (1…100000).")
    var nodes: Int?
    @Option(name: .long, help: "Slots per node (1…1024).")
    var concurrency: Int?
    @Option(name: .long, parsing: .unconditional, help: "Unsigned 64-bit seed.")
    var seed: String?

    func validateCluster() throws(InputError) {
        if let nodes, !(1...ClusterConfiguration.maxNodes).contains(nodes) {
            throw InputError("--nodes must be between 1 and \(ClusterConfiguration.maxNodes) (got \(nodes))")
        }
        if let concurrency, !(1...ClusterConfiguration.maxConcurrency).contains(concurrency) {
            throw InputError("--concurrency must be between 1 and \(ClusterConfiguration.maxConcurrency) (got \(concurrency))")
        }
        if let seed, UInt64(seed) == nil {
            throw InputError("--seed must be an unsigned 64-bit integer, 0…18446744073709551615 (got '\(seed)')")
        }
    }

    /// The scenario file, or the built-in default, with the cluster flags applied.
    func baseScenario(defaultNodes: Int, defaultConcurrency: Int) throws(InputError) -> Scenario {
        try validateCluster()
        var result: Scenario
        if let path = scenario {
            result = try ScenarioParser.load(path: path)
        } else {
            var configuration = ClusterConfiguration()
            configuration.nodeCount = defaultNodes
            configuration.concurrency = defaultConcurrency
            result = Scenario(name: "default", configuration: configuration)
        }
        if let nodes { result.configuration.nodeCount = nodes }
        if let concurrency { result.configuration.concurrency = concurrency }
        if let seed, let value = UInt64(seed) { result.configuration.seed = value }
        return result
    }
}

/// Flags that shape the run(s) to schedule.
struct RunFlags: ParsableArguments {
    @Option(name: .long, help: "Items in the run.")
    var items: Int?
    @Option(name: .customLong("shard-size"), help: "Items per shard.")
    var shardSize: Int?
    @Option(name: .long, help: "by_slice, by_dataset or by_iteration.")
    var strategy: String?
    @Option(name: .long, help: "Virtual work per shard, MIN..MAX (e.g. 20s..90s).")
    var work: String?
    @Option(name: .long, help: "Maximum iterations per run.")
    var iterations: Int?

    /// Applies the flags to every run of the scenario, or creates the default run if it has none.
    func apply(to scenario: inout Scenario) throws(InputError) {
        if let items, !(1...RunSpec.maxItems).contains(items) {
            throw InputError("--items must be between 1 and \(RunSpec.maxItems) (got \(items))")
        }
        if let shardSize, !(1...RunSpec.maxItems).contains(shardSize) {
            throw InputError("--shard-size must be between 1 and \(RunSpec.maxItems) (got \(shardSize))")
        }
        if let iterations, !(1...RunSpec.maxIterationsLimit).contains(iterations) {
            throw InputError("--iterations must be between 1 and \(RunSpec.maxIterationsLimit) (got \(iterations))")
        }
        var parsedStrategy: ShardStrategy?
        if let strategy {
            guard let value = ShardStrategy(rawValue: strategy) else {
                throw InputError("--strategy must be by_slice, by_dataset or by_iteration (got '\(strategy)')")
            }
            parsedStrategy = value
        }
        var parsedWork: ClosedRange<VirtualDuration>?
        if let work {
            switch DurationParsing.parseRange(work) {
            case let .success(range): parsedWork = range
            case let .failure(problem): throw InputError("--work \(problem) (got '\(work)')")
            }
        }
        if scenario.runs.isEmpty {
            scenario.runs = [ScheduledRun(at: .zero, spec: RunSpec(id: .sequential(1), items: 20_000, shardSize: 100, maxIterations: 2))]
        }
        for index in scenario.runs.indices {
            var spec = scenario.runs[index].spec
            if let items { spec.items = items }
            if let shardSize { spec.shardSize = shardSize }
            if let parsedStrategy { spec.strategy = parsedStrategy }
            if let parsedWork { spec.work = parsedWork }
            if let iterations { spec.maxIterations = iterations }
            do {
                try ShardPlanner.validate(spec)
            } catch {
                throw InputError("run \(spec.id): \(error)")
            }
            scenario.runs[index].spec = spec
        }
    }
}
