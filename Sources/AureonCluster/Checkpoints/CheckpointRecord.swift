import AureonEngine

/// One saved checkpoint (the seed's `CheckpointRecord`): where a task got to, by whom, when.
///
/// Fields are typed rather than stringly so that a million-shard run does not allocate
/// strings for every save; the JSON form spells them out with the seed's field names.
public struct CheckpointRecord: Sendable, Equatable {
    /// Unique, increasing across the store: `cp-000000000042`.
    public let sequence: UInt64
    public let task: TaskID
    public let nodeName: String
    public let createdAt: VirtualTime
    /// The fencing token the writer held; the store refuses writes that are not current.
    public let token: FencingToken
    public let payload: Payload
    public let supervisorSnapshot: SupervisorSnapshot
    public let metadata: Metadata

    public struct Payload: Sendable, Equatable {
        /// Fraction of the shard done, 0…1; 1 means the task is committed.
        public let progress: Double
        /// The shard's partial result so far (the simulated residual it contributes).
        public let partialResult: Double
        public init(progress: Double, partialResult: Double) {
            self.progress = progress
            self.partialResult = partialResult
        }
    }

    /// What the supervisor knew when the checkpoint was taken (the seed's `supervisor_snapshot`).
    public struct SupervisorSnapshot: Sendable, Equatable {
        public let iteration: Int
        public let committedShards: Int
        public init(iteration: Int, committedShards: Int) {
            self.iteration = iteration
            self.committedShards = committedShards
        }
    }

    public struct Metadata: Sendable, Equatable {
        public let strategy: ShardStrategy
        public let targetNodeName: String
        public let dataset: String
        public init(strategy: ShardStrategy, targetNodeName: String, dataset: String) {
            self.strategy = strategy
            self.targetNodeName = targetNodeName
            self.dataset = dataset
        }
    }

    public init(
        sequence: UInt64, task: TaskID, nodeName: String, createdAt: VirtualTime, token: FencingToken,
        payload: Payload, supervisorSnapshot: SupervisorSnapshot, metadata: Metadata
    ) {
        self.sequence = sequence
        self.task = task
        self.nodeName = nodeName
        self.createdAt = createdAt
        self.token = token
        self.payload = payload
        self.supervisorSnapshot = supervisorSnapshot
        self.metadata = metadata
    }

    public var checkpointID: String { "cp-" + String(repeating: "0", count: max(0, 12 - String(sequence).count)) + String(sequence) }
    /// A final checkpoint commits the task.
    public var isFinal: Bool { payload.progress >= 1 }
}
