/// An open-addressing hash table from a task to its chain of records in
/// `InMemoryCheckpointStore`.
///
/// Why not `Dictionary`: it hashes every `TaskID` with SipHash and keeps keys inline (48 bytes
/// each); here a slot is 16 bytes, the hash is two multiply-xorshift rounds, and the key itself
/// is not stored at all: it is compared with the chain's newest record (`matches`) only when
/// the 32-bit tags match. Linear probing, at most half full; nothing is ever removed.
struct TaskChainTable {
    /// A task's records: newest and oldest slot in the store, and how many there are.
    struct Chain {
        var newest: Int32
        var oldest: Int32
        var count: Int32
    }

    private struct Slot {
        /// The high half of the task's hash, forced odd; 0 marks an empty slot.
        var tag: UInt32 = 0
        var chain = Chain(newest: -1, oldest: -1, count: 0)
    }

    private var slots = ContiguousArray(repeating: Slot(), count: 16)
    private(set) var count = 0
    /// The last run name hashed and its hash: tasks of one run come in long streaks.
    private var cachedRun = ""
    private var cachedRunHash: UInt64 = 0

    /// The position of `task`'s chain, if it has one.
    @inline(__always)
    mutating func find(_ task: TaskID, matches: (Chain) -> Bool) -> Int? {
        let tag = tag(of: task)
        let mask = slots.count - 1
        var position = Self.home(of: tag) & mask
        while true {
            let slot = slots[position]
            if slot.tag == 0 { return nil }
            if slot.tag == tag, matches(slot.chain) { return position }
            position = (position + 1) & mask
        }
    }

    func chain(at position: Int) -> Chain { slots[position].chain }

    mutating func setChain(_ chain: Chain, at position: Int) { slots[position].chain = chain }

    /// Adds a task that `find` did not find.
    mutating func insert(_ task: TaskID, chain: Chain) {
        if 2 * (count + 1) > slots.count { grow(toHold: count + 1) }
        let tag = tag(of: task)
        place(Slot(tag: tag, chain: chain))
        count += 1
    }

    mutating func reserveCapacity(_ tasks: Int) {
        if 2 * tasks > slots.count { grow(toHold: tasks) }
    }

    /// Every chain, in table order (callers sort what they show).
    var allChains: [Chain] { slots.filter { $0.tag != 0 }.map(\.chain) }

    private mutating func grow(toHold tasks: Int) {
        var capacity = slots.count
        while capacity < 2 * tasks { capacity *= 2 }
        precondition(capacity <= 1 << 31, "checkpoint index over capacity")
        let old = slots
        slots = ContiguousArray(repeating: Slot(), count: capacity)
        for slot in old where slot.tag != 0 { place(slot) }
    }

    /// Puts a slot at the first free position of its probe sequence.
    private mutating func place(_ slot: Slot) {
        let mask = slots.count - 1
        var position = Self.home(of: slot.tag) & mask
        while slots[position].tag != 0 { position = (position + 1) & mask }
        slots[position] = slot
    }

    /// Where a tag's probe sequence starts (the tag without its forced low bit).
    @inline(__always)
    private static func home(of tag: UInt32) -> Int { Int(tag >> 1) }

    private mutating func tag(of task: TaskID) -> UInt32 {
        if task.run.rawValue != cachedRun {
            cachedRun = task.run.rawValue
            // FNV-1a over the name's bytes, once per streak of one run's tasks.
            cachedRunHash = cachedRun.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01B3 }
        }
        var key = cachedRunHash ^ Self.mix(UInt64(bitPattern: Int64(task.iteration)))
        switch task.shard {
        case let .slice(start, end):
            key = Self.mix(key ^ UInt64(bitPattern: Int64(start))) ^ UInt64(bitPattern: Int64(end))
        case let .item(index):
            key = Self.mix(key ^ 0x5A5A_5A5A) ^ UInt64(bitPattern: Int64(index))
        }
        return UInt32(truncatingIfNeeded: Self.mix(key) >> 32) | 1
    }

    /// The SplitMix64 finaliser: every input bit affects every output bit.
    @inline(__always)
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

