/// Names of one kind (runs, or datasets) in an in-memory checkpoint store, each kept once.
///
/// Why: a record spelled out carries a `RunID` and a dataset (16 bytes each, and a heap string
/// when a name is longer than 15 bytes); a million-shard run has one of each. Lookups go
/// through a one-entry cache first, since one run's checkpoints come in long streaks.
struct CheckpointNameTable {
    private var table = KeyIndex<String>()
    private var lastName = ""
    private var lastIndex: Int32 = -1

    /// The index of `name`, added if new.
    mutating func intern(_ name: String) -> Int32 {
        if lastIndex >= 0, name == lastName { return lastIndex }
        let found = table.index(of: name) ?? table.append(name)
        lastName = name
        lastIndex = found
        return found
    }

    /// The index of `name` if it is held (a query never adds one).
    func index(of name: String) -> Int32? {
        if lastIndex >= 0, name == lastName { return lastIndex }
        return table.index(of: name)
    }

    subscript(position: Int32) -> String { table[position] }
}
