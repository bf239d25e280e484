/// Keys numbered in the order they were added: a scan of a short array while there are few,
/// a dictionary from `dictionaryThreshold` keys on.
///
/// Why not always a dictionary: the first dictionary of a key type makes the Swift runtime
/// build its storage type by name, and that checks `Key: Hashable` by scanning every
/// conformance record of the binary, about half a million instructions. Two such tables (a
/// scenario's run, its dataset) were a quarter of a short run's start-up. Most tables stay at
/// a few keys (a scenario's runs); the node names of a large cluster pass the threshold and
/// pay that once.
struct KeyIndex<Key: Hashable>: Sendable where Key: Sendable {
    private(set) var keys: [Key] = []
    /// Every key's index, kept from `dictionaryThreshold` keys on (empty before).
    private var indices: [Key: Int32] = [:]
    /// Keys looked up by a scan; beyond, by the dictionary.
    static var dictionaryThreshold: Int { 16 }
    /// Most keys an index holds: indices are 32-bit.
    static var capacity: Int { Int(Int32.max) }

    var count: Int { keys.count }

    /// The index of `key`, if it was added.
    func index(of key: Key) -> Int32? {
        guard keys.count < Self.dictionaryThreshold else { return indices[key] }
        // Bounded by the threshold.
        for index in keys.indices where keys[index] == key { return Int32(index) }
        return nil
    }

    /// Adds a key the index does not hold yet; returns its index (the number of keys before it).
    mutating func append(_ key: Key) -> Int32 {
        assert(index(of: key) == nil, "a key is added once")
        precondition(keys.count < Self.capacity, "key index over capacity")
        let index = Int32(keys.count)
        keys.append(key)
        if keys.count == Self.dictionaryThreshold {
            indices.reserveCapacity(Self.dictionaryThreshold * 2)
            for (position, known) in keys.enumerated() { indices[known] = Int32(position) }
        } else if keys.count > Self.dictionaryThreshold {
            indices[key] = index
        }
        return index
    }

    subscript(index: Int32) -> Key { keys[Int(index)] }
}
