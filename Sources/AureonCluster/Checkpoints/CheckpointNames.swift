/// The names an in-memory store's packed records refer to, one table per kind.
///
/// Why per kind: each kind comes in long streaks (one run's checkpoints, one dataset), which
/// each table's one-entry cache serves; node names come by index from a `CheckpointDraft`
/// through `nodeIndex(of:in:)`, so a save hashes no name at all.
struct CheckpointNames {
    var runs = CheckpointNameTable()
    var datasets = CheckpointNameTable()
    var nodes = CheckpointNameTable()
    /// The directory `nodeIndices` maps from, held so its identity is not reused.
    private var directory: CheckpointNodeNames?
    /// Per node of `directory`: its index in `nodes`, or -1 before its first draft.
    private var nodeIndices: [Int32] = []

    /// The index in `nodes` of `node` of `names`, added on its first use.
    mutating func nodeIndex(of node: NodeID, in names: CheckpointNodeNames) -> Int32 {
        if directory !== names {
            directory = names
            nodeIndices = Array(repeating: -1, count: names.names.count)
        }
        let known = nodeIndices[node.index]
        if known >= 0 { return known }
        let index = nodes.intern(names[node])
        nodeIndices[node.index] = index
        return index
    }
}
