import AureonCluster
import AureonEngine

/// A run key: its descriptor, and how it reads and writes `RunSpec`.
public struct RunKey: Sendable {
    public let descriptor: KeyDescriptor
    public let read: @Sendable (RunSpec) -> VocabularyValue
    public let write: @Sendable (inout RunSpec, VocabularyValue) -> Void

    public var name: String { descriptor.name }
}

/// The keys of a run (`runs:` items, `schedule:` actions, the console's schedule form and the
/// `run` object of a recorded `schedule`).
public enum RunKeys {
    /// Longest run id: ids name checkpoint folders and show in every pane.
    public static let maxRunIDBytes = 256
    /// Longest dataset name (it must fit the console's run table).
    public static let maxDatasetBytes = 64

    public static let id = RunKey(descriptor: KeyDescriptor("id", .text(maxBytes: maxRunIDBytes), "run id (default rqml-run-NNN)"),
                                  read: { .text($0.id.rawValue) }, write: { if case let .text(v) = $1 { $0.id = RunID(v) } })
    public static let dataset = RunKey(descriptor: KeyDescriptor("dataset", .word(maxBytes: maxDatasetBytes), "dataset name"),
                                       read: { .text($0.dataset) }, write: { if case let .text(v) = $1 { $0.dataset = v } })
    public static let items = RunKey(descriptor: KeyDescriptor("items", .integer(1...RunSpec.maxItems), "items in the run"),
                                     read: { .integer($0.items) }, write: { if case let .integer(v) = $1 { $0.items = v } })
    public static let shardSize = RunKey(descriptor: KeyDescriptor("shard_size", .integer(1...RunSpec.maxItems), "items per shard"),
                                         read: { .integer($0.shardSize) }, write: { if case let .integer(v) = $1 { $0.shardSize = v } })
    public static let strategy = RunKey(
        descriptor: KeyDescriptor("strategy", .choice(ShardStrategy.allCases.map(\.rawValue)), "how items are cut into shards"),
        read: { .text($0.strategy.rawValue) },
        write: { if case let .text(v) = $1, let strategy = ShardStrategy(rawValue: v) { $0.strategy = strategy } })
    public static let work = RunKey(descriptor: KeyDescriptor("work", .durationRange, "virtual work per shard, MIN..MAX"),
                                    read: { .durationRange($0.work) }, write: { if case let .durationRange(v) = $1 { $0.work = v } })
    public static let maxIterations = RunKey(
        descriptor: KeyDescriptor("max_iterations", .integer(1...RunSpec.maxIterationsLimit), "iterations at most"),
        read: { .integer($0.maxIterations) }, write: { if case let .integer(v) = $1 { $0.maxIterations = v } })
    public static let convergenceTolerance = RunKey(
        descriptor: KeyDescriptor("convergence_tolerance", .number(0...1), "converged below this mean residual (0: never early)"),
        read: { .number($0.convergenceTolerance) }, write: { if case let .number(v) = $1 { $0.convergenceTolerance = v } })
    public static let poisonShards = RunKey(
        descriptor: KeyDescriptor("poison_shards", .integers(0...RunSpec.maxShards - 1), "shard indexes that fail on every node"),
        read: { .integers($0.poisonShards) }, write: { if case let .integers(v) = $1 { $0.poisonShards = v } })

    public static let all: [RunKey] = [id, dataset, items, shardSize, strategy, work, maxIterations, convergenceTolerance, poisonShards]

    /// Keys that place a run in a scenario's time line; they are not part of the run itself
    /// (a recording holds the `schedule` action's own `at_us` instead).
    public static let at = KeyDescriptor("at", .duration(positive: false), "when to schedule the run")
    public static let repeatCount = KeyDescriptor("repeat", .integer(1...ScenarioParser.maxRuns), "schedule this many copies")
    public static let every = KeyDescriptor("every", .duration(positive: true), "time between copies (needed with repeat)")
    public static let scheduling: [KeyDescriptor] = [at, repeatCount, every]

    public static func named(_ name: String) -> RunKey? { all.first { $0.name == name } }

    /// Rules between the keys of one run, then the planner's own checks. The problem names the
    /// key to blame.
    public static func check(_ spec: RunSpec) -> (key: String, problem: String)? {
        let shards = ShardPlanner.shardCount(for: spec)
        if let outside = spec.poisonShards.first(where: { $0 >= shards }) {
            return ("poison_shards", "shard \(outside) is outside the run's \(shards) shard\(shards == 1 ? "" : "s") (0…\(max(0, shards - 1)))")
        }
        do {
            try ShardPlanner.validate(spec)
        } catch {
            return ("run", error.description)
        }
        return nil
    }
}
