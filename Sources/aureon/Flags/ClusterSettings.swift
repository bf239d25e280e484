import AureonCluster
import AureonInput
import AureonScenario

/// The cluster flags' values, shared by `simulate`, `console` and the live commands: which
/// scenario, and the cluster's size and seed over it. Every value is range-checked here, so a
/// bad one never reaches the simulation.
///
/// Plain data: ArgumentParser's group (``ClusterFlags``) fills it, and so does the plain
/// parser (``PlainArguments``) without building any of ArgumentParser's types.
struct ClusterSettings: Equatable {
    /// The flags, each defined once (``LongFlag`` says why).
    enum Flags {
        static let scenario = LongFlag("scenario", .value, "Scenario file (YAML); flags override it.")
        static let nodes = LongFlag("nodes", .value, "Number of nodes (1…100000).")
        static let concurrency = LongFlag("concurrency", .value, "Slots per node (1…1024).")
        static let seed = LongFlag("seed", .value, "Unsigned 64-bit seed.")
        static let all = [scenario, nodes, concurrency, seed]
    }

    var scenario: String?
    var nodes: Int?
    var concurrency: Int?
    var seed: String?

    init(scenario: String?, nodes: Int?, concurrency: Int?, seed: String?) {
        self.scenario = scenario
        self.nodes = nodes
        self.concurrency = concurrency
        self.seed = seed
    }

    /// The values as ArgumentParser would parse them from the same command line.
    init(_ plain: PlainArguments) throws(PlainArguments.Declined) {
        self.init(scenario: try plain.value(Flags.scenario), nodes: try plain.value(Flags.nodes),
                  concurrency: try plain.value(Flags.concurrency), seed: try plain.value(Flags.seed))
    }

    func validate() throws(InputError) {
        if let nodes { _ = try FlagValue.parse(Flags.nodes.dashed, String(nodes), ConfigurationKeys.named("nodes")) }
        if let concurrency { _ = try FlagValue.parse(Flags.concurrency.dashed, String(concurrency), ConfigurationKeys.named("concurrency")) }
        if let seed { _ = try FlagValue.parse(Flags.seed.dashed, seed, ConfigurationKeys.named("seed")) }
    }

    /// The scenario file, or the built-in default, with the cluster flags applied.
    func baseScenario(defaultNodes: Int, defaultConcurrency: Int) throws(InputError) -> Scenario {
        try validate()
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
