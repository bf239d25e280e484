import AureonEngine

/// Where one shard of the current iteration is.
public enum ShardState: UInt8, Sendable {
    case pending, leased, committed, deadLettered
}

/// The lifecycle of a run.
public enum RunStatus: Sendable, Equatable {
    case running
    case completed(at: VirtualTime, converged: Bool)
}

/// A scheduled run and the progress of its current iteration (what the console's run panel
/// and the supervisor read).
public struct RunState: Sendable {
    public let slot: Int
    public let spec: RunSpec
    public internal(set) var iteration = 1
    public let shardCount: Int
    public internal(set) var shardStates: [ShardState]
    /// The node holding or that committed each shard (-1 when none).
    public internal(set) var shardOwners: [Int32]
    /// The queue message carrying each shard in the current iteration.
    public internal(set) var shardMessages: [MessageID]
    public internal(set) var committed = 0
    public internal(set) var deadLettered = 0
    public internal(set) var residualSum = 0.0
    public internal(set) var status = RunStatus.running
    public let scheduledAt: VirtualTime
    public internal(set) var iterationStartedAt: VirtualTime
    /// Mean residual of each finished iteration, in order.
    public internal(set) var iterationResiduals: [Double] = []
    /// Commits over all iterations (what the checkpoint store should hold finals for).
    public internal(set) var totalCommitted = 0
    public internal(set) var totalDeadLettered = 0

    init(slot: Int, spec: RunSpec, shardCount: Int, at now: VirtualTime) {
        self.slot = slot
        self.spec = spec
        self.shardCount = shardCount
        shardStates = Array(repeating: .pending, count: shardCount)
        shardOwners = Array(repeating: -1, count: shardCount)
        shardMessages = []
        scheduledAt = now
        iterationStartedAt = now
    }

    public var isComplete: Bool { status != .running }

    /// Whether this task is one of the spec's poison shards (cheap when there are none).
    func isPoison(_ ref: TaskRef) -> Bool { !spec.poisonShards.isEmpty && spec.poisonShards.contains(Int(ref.shard)) }
    /// Shards of the current iteration settled (committed or dead-lettered).
    public var settled: Int { committed + deadLettered }
    /// Fraction of the current iteration settled.
    public var fraction: Double { shardCount == 0 ? 1 : Double(settled) / Double(shardCount) }

    /// A finished run keeps its counts and its final shard map, not its queue handles (their
    /// slots now carry other tasks).
    mutating func summarise() {
        precondition(isComplete, "only a finished run is summarised")
        shardMessages = []
    }

    mutating func beginIteration(_ number: Int, messages: [MessageID], at now: VirtualTime) {
        iteration = number
        shardMessages = messages
        for index in 0..<shardCount {
            shardStates[index] = .pending
            shardOwners[index] = -1
        }
        committed = 0
        deadLettered = 0
        residualSum = 0
        iterationStartedAt = now
    }
}
