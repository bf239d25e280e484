import AureonEngine

/// What an operator asks for when scheduling a run (the seed's `RQMLRunSpec`, plus the
/// simulated work per shard and the supervision settings that decide iterations).
public struct RunSpec: Sendable, Equatable {
    public var id: RunID
    public var dataset: String
    public var items: Int
    public var shardSize: Int
    public var strategy: ShardStrategy
    /// Virtual work per shard, drawn uniformly per task from this range.
    public var work: ClosedRange<VirtualDuration>
    /// The supervisor stops after this many iterations even without convergence.
    public var maxIterations: Int
    /// Converged when an iteration's mean residual falls below this; 0 never converges early.
    public var convergenceTolerance: Double
    /// Shards (by index) whose every execution fails: the poison-pill drill, which must end in
    /// the dead-letter queue after `max_receive_count` receives.
    public var poisonShards: [Int] = []

    public init(
        id: RunID, dataset: String = "dataset-A", items: Int, shardSize: Int,
        strategy: ShardStrategy = .bySlice, work: ClosedRange<VirtualDuration> = .seconds(20)...(.seconds(90)),
        maxIterations: Int = 1, convergenceTolerance: Double = 0
    ) {
        self.id = id
        self.dataset = dataset
        self.items = items
        self.shardSize = shardSize
        self.strategy = strategy
        self.work = work
        self.maxIterations = maxIterations
        self.convergenceTolerance = convergenceTolerance
    }

    /// Limits that keep one run within what the simulation can hold.
    public static let maxItems = 50_000_000
    public static let maxShards = 5_000_000
    public static let maxIterationsLimit = 1_000
}

/// Why a run spec or a scheduling request was refused. Its description is one line for a user.
public enum SchedulingError: Error, Equatable, CustomStringConvertible {
    case invalidSpec(String)
    case noHealthyNode
    case duplicateRun(RunID)

    public var description: String {
        switch self {
        case let .invalidSpec(reason): reason
        case .noHealthyNode: "no healthy, non-draining node to place shards on"
        case let .duplicateRun(id): "a run named \(id) already exists"
        }
    }
}
