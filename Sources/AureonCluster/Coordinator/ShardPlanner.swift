/// Cuts a run into shard keys (the seed's `ShardPlanner`), refusing specs that make no sense.
public enum ShardPlanner {
    /// Validates a spec; the error names the field at fault.
    public static func validate(_ spec: RunSpec) throws(SchedulingError) {
        guard spec.items > 0 else { throw .invalidSpec("items must be at least 1 (got \(spec.items))") }
        guard spec.items <= RunSpec.maxItems else { throw .invalidSpec("items must be at most \(RunSpec.maxItems)") }
        guard spec.shardSize > 0 else { throw .invalidSpec("shard size must be at least 1 (got \(spec.shardSize))") }
        guard spec.maxIterations >= 1, spec.maxIterations <= RunSpec.maxIterationsLimit else {
            throw .invalidSpec("max iterations must be between 1 and \(RunSpec.maxIterationsLimit)")
        }
        guard spec.work.lowerBound.microseconds > 0 else { throw .invalidSpec("work must be longer than zero") }
        guard shardCount(for: spec) <= RunSpec.maxShards else {
            throw .invalidSpec("a run may have at most \(RunSpec.maxShards) shards")
        }
        guard !spec.id.rawValue.isEmpty, spec.id.rawValue.utf8.count <= 256 else {
            throw .invalidSpec("run id must be 1 to 256 bytes")
        }
    }

    /// Number of shards the spec produces (a slice larger than the items gives one shard).
    public static func shardCount(for spec: RunSpec) -> Int {
        switch spec.strategy {
        case .bySlice, .byDataset: spec.shardSize > 0 ? (spec.items + spec.shardSize - 1) / spec.shardSize : 0
        case .byIteration: spec.items
        }
    }

    /// The key of shard `index` (0-based), computed rather than stored so a million-shard run
    /// costs no strings until someone looks.
    public static func shardKey(for spec: RunSpec, index: Int) -> ShardKey {
        precondition(index >= 0 && index < shardCount(for: spec), "shard index out of range")
        return ShardLayout(spec).key(at: index)
    }

    /// Every shard key in order (for tests and small runs).
    public static func plan(_ spec: RunSpec) throws(SchedulingError) -> [ShardKey] {
        try validate(spec)
        return (0..<shardCount(for: spec)).map { shardKey(for: spec, index: $0) }
    }
}
