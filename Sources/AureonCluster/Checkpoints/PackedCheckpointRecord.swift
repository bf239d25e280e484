import AureonEngine

/// A `CheckpointRecord` as the in-memory store keeps it: 104 bytes instead of 176.
///
/// Why: the store holds a record for every task that ever saved one, so on the million-shard
/// benchmark records were a third of the peak memory. Run and dataset names are indices into
/// the store's two `CheckpointNameTable`s; counts that `RunSpec`'s limits keep below 2³¹ (items,
/// shards, iterations) are 32-bit. Node names stay strings: they fit a small string, inline.
struct PackedCheckpointRecord {
    let sequence: UInt64
    let task: PackedTask
    let nodeName: String
    let createdAtMicroseconds: Int64
    let token: UInt64
    let progress: Double
    let partialResult: Double
    let snapshotIteration: Int32
    let committedShards: Int32
    let targetNodeName: String
    let dataset: Int32
    let strategy: ShardStrategy

    /// A task with its run by name index; an item shard has `end == -1`.
    struct PackedTask: Equatable {
        let run: Int32
        let iteration: Int32
        let start: Int32
        let end: Int32

        /// Nil when a field is beyond 32 bits (no task `RunSpec`'s limits allow).
        init?(_ task: TaskID, run: Int32) {
            guard let iteration = Int32(exactly: task.iteration) else { return nil }
            self.run = run
            self.iteration = iteration
            switch task.shard {
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

        func unpacked(runs: CheckpointNameTable) -> TaskID {
            TaskID(run: RunID(runs[run]), iteration: Int(iteration),
                   shard: end < 0 ? .item(Int(start)) : .slice(start: Int(start), end: Int(end)))
        }
    }

    init(_ record: CheckpointRecord, runs: inout CheckpointNameTable, datasets: inout CheckpointNameTable) {
        sequence = record.sequence
        guard let task = PackedTask(record.task, run: runs.intern(record.task.run.rawValue)) else {
            preconditionFailure("\(record.task) is beyond a checkpoint's 32-bit fields")
        }
        self.task = task
        nodeName = record.nodeName
        createdAtMicroseconds = record.createdAt.microseconds
        token = record.token.value
        progress = record.payload.progress
        partialResult = record.payload.partialResult
        guard let iteration = Int32(exactly: record.supervisorSnapshot.iteration),
              let committed = Int32(exactly: record.supervisorSnapshot.committedShards)
        else { preconditionFailure("a supervisor snapshot beyond 32 bits") }
        snapshotIteration = iteration
        committedShards = committed
        targetNodeName = record.metadata.targetNodeName
        dataset = datasets.intern(record.metadata.dataset)
        strategy = record.metadata.strategy
    }

    func unpacked(runs: CheckpointNameTable, datasets: CheckpointNameTable) -> CheckpointRecord {
        CheckpointRecord(
            sequence: sequence, task: task.unpacked(runs: runs), nodeName: nodeName,
            createdAt: VirtualTime(microseconds: createdAtMicroseconds), token: FencingToken(token),
            payload: .init(progress: progress, partialResult: partialResult),
            supervisorSnapshot: .init(iteration: Int(snapshotIteration), committedShards: Int(committedShards)),
            metadata: .init(strategy: strategy, targetNodeName: targetNodeName, dataset: datasets[dataset]))
    }
}
