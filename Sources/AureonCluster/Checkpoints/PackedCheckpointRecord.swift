import AureonEngine

/// A `CheckpointRecord` as the in-memory store keeps it: 80 bytes instead of 176.
///
/// Why: the store holds a record for every task that ever saved one, so on the million-shard
/// benchmark records were a third of the peak memory. Run, dataset and node names are indices
/// into the store's `CheckpointNames`; counts that `RunSpec`'s limits keep below 2³¹ (items,
/// shards, iterations) are 32-bit.
struct PackedCheckpointRecord {
    let sequence: UInt64
    let task: PackedTask
    let createdAtMicroseconds: Int64
    let token: UInt64
    let progress: Double
    let partialResult: Double
    let snapshotIteration: Int32
    let committedShards: Int32
    let node: Int32
    let targetNode: Int32
    let dataset: Int32
    let strategy: ShardStrategy

    /// A task with its run by name index; an item shard has `end == -1`.
    struct PackedTask: Equatable {
        let run: Int32
        let iteration: Int32
        let start: Int32
        let end: Int32

        /// Nil when a field is beyond 32 bits (no task `RunSpec`'s limits allow).
        init?(run: Int32, iteration: Int, shard: ShardKey) {
            guard let iteration = Int32(exactly: iteration) else { return nil }
            self.run = run
            self.iteration = iteration
            switch shard {
            case let .slice(start, end):
                guard let start = Int32(exactly: start), let end = Int32(exactly: end), end >= 0 else { return nil }
                self.start = start
                self.end = end
            case let .item(index):
                guard let index = Int32(exactly: index) else { return nil }
                start = index
                end = -1
            }
        }

        init?(_ task: TaskID, run: Int32) { self.init(run: run, iteration: task.iteration, shard: task.shard) }

        func unpacked(runs: CheckpointNameTable) -> TaskID {
            TaskID(run: RunID(runs[run]), iteration: Int(iteration),
                   shard: end < 0 ? .item(Int(start)) : .slice(start: Int(start), end: Int(end)))
        }
    }

    /// Packs a record, adding its names to `names`.
    init(_ record: CheckpointRecord, names: inout CheckpointNames) {
        self.init(sequence: record.sequence, run: names.runs.intern(record.task.run.rawValue), iteration: record.task.iteration,
                  shard: record.task.shard, createdAt: record.createdAt, token: record.token, payload: record.payload,
                  snapshot: record.supervisorSnapshot, node: names.nodes.intern(record.nodeName),
                  targetNode: names.nodes.intern(record.metadata.targetNodeName), dataset: names.datasets.intern(record.metadata.dataset),
                  strategy: record.metadata.strategy)
    }

    /// Packs a draft whose nodes `names` already holds at `node` and `targetNode`.
    init(_ draft: CheckpointDraft, node: Int32, targetNode: Int32, names: inout CheckpointNames) {
        self.init(sequence: draft.sequence, run: names.runs.intern(draft.run.rawValue), iteration: draft.iteration, shard: draft.shard,
                  createdAt: draft.createdAt, token: draft.token, payload: draft.payload, snapshot: draft.supervisorSnapshot,
                  node: node, targetNode: targetNode, dataset: names.datasets.intern(draft.dataset), strategy: draft.strategy)
    }

    private init(sequence: UInt64, run: Int32, iteration: Int, shard: ShardKey, createdAt: VirtualTime, token: FencingToken,
                 payload: CheckpointRecord.Payload, snapshot: CheckpointRecord.SupervisorSnapshot, node: Int32, targetNode: Int32,
                 dataset: Int32, strategy: ShardStrategy) {
        guard let task = PackedTask(run: run, iteration: iteration, shard: shard) else {
            preconditionFailure("iteration \(iteration) shard \(shard) is beyond a checkpoint's 32-bit fields")
        }
        guard let snapshotIteration = Int32(exactly: snapshot.iteration), let committed = Int32(exactly: snapshot.committedShards)
        else { preconditionFailure("a supervisor snapshot beyond 32 bits") }
        self.sequence = sequence
        self.task = task
        createdAtMicroseconds = createdAt.microseconds
        self.token = token.value
        progress = payload.progress
        partialResult = payload.partialResult
        self.snapshotIteration = snapshotIteration
        committedShards = committed
        self.node = node
        self.targetNode = targetNode
        self.dataset = dataset
        self.strategy = strategy
    }

    func unpacked(names: CheckpointNames) -> CheckpointRecord {
        CheckpointRecord(
            sequence: sequence, task: task.unpacked(runs: names.runs), nodeName: names.nodes[node],
            createdAt: VirtualTime(microseconds: createdAtMicroseconds), token: FencingToken(token),
            payload: .init(progress: progress, partialResult: partialResult),
            supervisorSnapshot: .init(iteration: Int(snapshotIteration), committedShards: Int(committedShards)),
            metadata: .init(strategy: strategy, targetNodeName: names.nodes[targetNode], dataset: names.datasets[dataset]))
    }
}
