import ArgumentParser
import AureonCluster
import AureonEngine
import AureonInput
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
        if let nodes { _ = try FlagValue.parse("--nodes", String(nodes), ConfigurationKeys.named("nodes")) }
        if let concurrency { _ = try FlagValue.parse("--concurrency", String(concurrency), ConfigurationKeys.named("concurrency")) }
        if let seed { _ = try FlagValue.parse("--seed", seed, ConfigurationKeys.named("seed")) }
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
        if let items { _ = try FlagValue.parse("--items", String(items), RunKeys.items.descriptor) }
        if let shardSize { _ = try FlagValue.parse("--shard-size", String(shardSize), RunKeys.shardSize.descriptor) }
        if let iterations { _ = try FlagValue.parse("--iterations", String(iterations), RunKeys.maxIterations.descriptor) }
        var parsedStrategy: ShardStrategy?
        if let strategy, case let .text(name) = try FlagValue.parse("--strategy", strategy, RunKeys.strategy.descriptor) {
            parsedStrategy = ShardStrategy(rawValue: name)
        }
        var parsedWork: ClosedRange<VirtualDuration>?
        if let work, case let .durationRange(range) = try FlagValue.parse("--work", work, RunKeys.work.descriptor) {
            parsedWork = range
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
            if let (key, problem) = RunKeys.check(spec) {
                throw InputError("run \(EchoedValue.cut(spec.id.rawValue)): \(key == "run" ? "" : key + ": ")\(problem)")
            }
            scenario.runs[index].spec = spec
        }
    }
}

/// A flag's value checked against the vocabulary table: `--items: must be between 1 and …`.
enum FlagValue {
    static func parse(_ flag: String, _ text: String, _ descriptor: KeyDescriptor?) throws(InputError) -> VocabularyValue {
        guard let descriptor else { return .text(text) }
        switch descriptor.type.parse(.scalar(text)) {
        case let .success(value): return value
        case let .failure(problem): throw InputError("\(flag): \(problem.message)")
        }
    }

    static func parse(_ flag: String, _ text: String, _ key: ConfigurationKey?) throws(InputError) -> VocabularyValue {
        try parse(flag, text, key?.descriptor)
    }
}
