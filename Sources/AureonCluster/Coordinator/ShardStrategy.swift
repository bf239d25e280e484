/// How a run's items are cut into shards (the seed's `RQMLShardStrategy`).
public enum ShardStrategy: String, Sendable, CaseIterable, Codable {
    /// Contiguous `slice:start:end` shards of `shard_size` items.
    case bySlice = "by_slice"
    /// Same decomposition as `by_slice`; kept as its own name because the seed has it.
    case byDataset = "by_dataset"
    /// One `item:i` shard per item.
    case byIteration = "by_iteration"
}
