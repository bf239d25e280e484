/// How a run's shard indices map to shard keys: the three numbers of its spec that decide it,
/// as plain data, so that a key can be rebuilt from a `TaskRef` without copying the spec.
struct ShardLayout: Sendable, Equatable {
    private let bySlice: Bool
    private let shardSize: Int
    private let items: Int

    init(_ spec: RunSpec) {
        switch spec.strategy {
        case .bySlice, .byDataset: bySlice = true
        case .byIteration: bySlice = false
        }
        shardSize = spec.shardSize
        items = spec.items
    }

    /// The key of shard `index` (0-based); the caller checks the range.
    func key(at index: Int) -> ShardKey {
        guard bySlice else { return .item(index) }
        let start = index * shardSize
        return .slice(start: start, end: min(start + shardSize, items))
    }
}
