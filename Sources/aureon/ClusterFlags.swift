import ArgumentParser
import AureonInput
import AureonScenario

/// ArgumentParser's declaration of the cluster flags (``ClusterSettings`` holds their values).
struct ClusterFlags: ParsableArguments {
    private typealias Flags = ClusterSettings.Flags

    @Option(name: Flags.scenario.name, help: Flags.scenario.help)
    var scenario: String?
    @Option(name: Flags.nodes.name, help: Flags.nodes.help)
    var nodes: Int?
    @Option(name: Flags.concurrency.name, help: Flags.concurrency.help)
    var concurrency: Int?
    @Option(name: Flags.seed.name, parsing: .unconditional, help: Flags.seed.help)
    var seed: String?

    var settings: ClusterSettings { ClusterSettings(scenario: scenario, nodes: nodes, concurrency: concurrency, seed: seed) }
}

/// ArgumentParser's declaration of the run flags (``RunSettings`` holds their values).
struct RunFlags: ParsableArguments {
    private typealias Flags = RunSettings.Flags

    @Option(name: Flags.items.name, help: Flags.items.help)
    var items: Int?
    @Option(name: Flags.shardSize.name, help: Flags.shardSize.help)
    var shardSize: Int?
    @Option(name: Flags.strategy.name, help: Flags.strategy.help)
    var strategy: String?
    @Option(name: Flags.work.name, help: Flags.work.help)
    var work: String?
    @Option(name: Flags.iterations.name, help: Flags.iterations.help)
    var iterations: Int?

    var settings: RunSettings { RunSettings(items: items, shardSize: shardSize, strategy: strategy, work: work, iterations: iterations) }
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
