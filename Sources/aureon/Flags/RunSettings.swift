import AureonCluster
import AureonEngine
import AureonInput
import AureonScenario

/// The run flags' values: what every scheduled run of the scenario becomes. Plain data, filled
/// by ArgumentParser's group (``RunFlags``) or by the plain parser (``ClusterSettings`` says why).
struct RunSettings: Equatable {
    /// The flags, each defined once (``LongFlag`` says why).
    enum Flags {
        static let items = LongFlag("items", .value, "Items in the run.")
        static let shardSize = LongFlag("shard-size", .value, "Items per shard.")
        static let strategy = LongFlag("strategy", .value, "by_slice, by_dataset or by_iteration.")
        static let work = LongFlag("work", .value, "Virtual work per shard, MIN..MAX (e.g. 20s..90s).")
        static let iterations = LongFlag("iterations", .value, "Maximum iterations per run.")
        static let all = [items, shardSize, strategy, work, iterations]
    }

    var items: Int?
    var shardSize: Int?
    var strategy: String?
    var work: String?
    var iterations: Int?

    init(items: Int?, shardSize: Int?, strategy: String?, work: String?, iterations: Int?) {
        self.items = items
        self.shardSize = shardSize
        self.strategy = strategy
        self.work = work
        self.iterations = iterations
    }

    /// The values as ArgumentParser would parse them from the same command line.
    init(_ plain: PlainArguments) throws(PlainArguments.Declined) {
        self.init(items: try plain.value(Flags.items), shardSize: try plain.value(Flags.shardSize), strategy: try plain.value(Flags.strategy),
                  work: try plain.value(Flags.work), iterations: try plain.value(Flags.iterations))
    }

    /// Applies the flags to every run of the scenario, or creates the default run if it has none.
    func apply(to scenario: inout Scenario) throws(InputError) {
        if let items { _ = try FlagValue.parse(Flags.items.dashed, String(items), RunKeys.items.descriptor) }
        if let shardSize { _ = try FlagValue.parse(Flags.shardSize.dashed, String(shardSize), RunKeys.shardSize.descriptor) }
        if let iterations { _ = try FlagValue.parse(Flags.iterations.dashed, String(iterations), RunKeys.maxIterations.descriptor) }
        var parsedStrategy: ShardStrategy?
        if let strategy, case let .text(name) = try FlagValue.parse(Flags.strategy.dashed, strategy, RunKeys.strategy.descriptor) {
            parsedStrategy = ShardStrategy(rawValue: name)
        }
        var parsedWork: ClosedRange<VirtualDuration>?
        if let work, case let .durationRange(range) = try FlagValue.parse(Flags.work.dashed, work, RunKeys.work.descriptor) {
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
