/// Names of one kind (runs, or datasets) in an in-memory checkpoint store, each kept once.
///
/// Why: a record spelled out carries a `RunID` and a dataset (16 bytes each, and a heap string
/// when a name is longer than 15 bytes); a million-shard run has one of each. Lookups go
/// through a one-entry cache first, since one run's checkpoints come in long streaks.
struct CheckpointNameTable {
    private(set) var names: [String] = []
    private var indices: [String: Int32] = [:]
    private var lastName = ""
    private var lastIndex: Int32 = -1
    /// Distinct names held: runs are capped far below this, and datasets come with runs.
    static let capacity = Int(Int32.max)

    /// The index of `name`, added if new.
    mutating func intern(_ name: String) -> Int32 {
        if lastIndex >= 0, name == lastName { return lastIndex }
        let index: Int32
        if let known = indices[name] {
            index = known
        } else {
            precondition(names.count < Self.capacity, "checkpoint name table over capacity")
            index = Int32(names.count)
            names.append(name)
            indices[name] = index
        }
        lastName = name
        lastIndex = index
        return index
    }

    /// The index of `name` if it is held (a query never adds one).
    func index(of name: String) -> Int32? {
        if lastIndex >= 0, name == lastName { return lastIndex }
        return indices[name]
    }

    subscript(index: Int32) -> String { names[Int(index)] }
}
