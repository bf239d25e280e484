/// The checker's map from a task's identity to its dense slot: open addressing with linear
/// probing over plain integers.
///
/// Why not `[TaskID: Int32]`: it runs for every event that names a task, and Swift's
/// per-process-seeded SipHash plus the string comparison of the run's name were a sixth of the
/// checker's cost on the benchmark workloads. Here the run is already a small integer (the
/// checker's own run slot), so a key is four integers, hashed by one multiply-and-shift and
/// compared as words. Nothing iterates it in hash order except `removeAll(where:)`, whose
/// caller sorts what it returns, so the table's layout decides nothing.
struct TaskSlotTable: Sendable {
    /// A task as the events name it: the checker's run slot, the iteration, the shard's index.
    struct Key: Equatable, Sendable {
        let run: Int32
        let iteration: Int32
        let shard: Int32

        /// Fibonacci hashing of the words folded together: cheap, and spread well enough
        /// for keys that differ mostly in the shard number.
        var hashValue: UInt64 {
            var word = UInt64(UInt32(bitPattern: run)) << 32 | UInt64(UInt32(bitPattern: iteration))
            word ^= UInt64(UInt32(bitPattern: shard)) &* 0x9E37_79B9_7F4A_7C15
            return (word ^ word >> 29) &* 0x9E37_79B9_7F4A_7C15
        }
    }

    private struct Bucket: Sendable {
        var key: Key
        var slot: Int32
    }

    /// Empty buckets hold `slot == -1`. The load factor stays at most one half.
    private var buckets: [Bucket]
    private var shift: UInt64
    private(set) var count = 0
    private static let empty = Bucket(key: Key(run: -1, iteration: -1, shard: -1), slot: -1)

    init() {
        buckets = Array(repeating: Self.empty, count: 16)
        shift = 64 - 4
    }

    func slot(for key: Key) -> Int32? {
        var index = Int(truncatingIfNeeded: key.hashValue >> shift)
        let mask = buckets.count - 1
        // Bounded: the table is never more than half full, so an empty bucket ends the probe.
        while buckets[index].slot >= 0 {
            if buckets[index].key == key { return buckets[index].slot }
            index = (index + 1) & mask
        }
        return nil
    }

    /// Adds a key that is not in the table.
    mutating func insert(_ key: Key, slot: Int32) {
        precondition(slot >= 0, "task slots are not negative")
        if (count + 1) * 2 > buckets.count { grow(toHold: count + 1) }
        place(Bucket(key: key, slot: slot))
        count += 1
    }

    mutating func reserveCapacity(_ total: Int) {
        if total * 2 > buckets.count { grow(toHold: total) }
    }

    /// Removes every entry whose key matches and returns their slots (in table order: the
    /// caller sorts them before the order can matter).
    mutating func removeAll(where matches: (Key) -> Bool) -> [Int32] {
        var removed: [Int32] = []
        var kept: [Bucket] = []
        kept.reserveCapacity(count)
        for bucket in buckets where bucket.slot >= 0 {
            if matches(bucket.key) { removed.append(bucket.slot) } else { kept.append(bucket) }
        }
        guard !removed.isEmpty else { return [] }
        buckets = Array(repeating: Self.empty, count: buckets.count)
        for bucket in kept { place(bucket) }
        count = kept.count
        return removed
    }

    private mutating func place(_ bucket: Bucket) {
        var index = Int(truncatingIfNeeded: bucket.key.hashValue >> shift)
        let mask = buckets.count - 1
        while buckets[index].slot >= 0 { index = (index + 1) & mask }
        buckets[index] = bucket
    }

    private mutating func grow(toHold total: Int) {
        var capacity = buckets.count
        while total * 2 > capacity { capacity *= 2 }
        let old = buckets
        buckets = Array(repeating: Self.empty, count: capacity)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        for bucket in old where bucket.slot >= 0 { place(bucket) }
    }
}
