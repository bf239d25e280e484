/// An open-addressing hash table from a task to its chain of records in
/// `InMemoryCheckpointStore`.
///
/// Why not `Dictionary`: it hashes every `TaskID` with SipHash and keeps keys inline (48 bytes
/// each); here a slot is 16 bytes, the hash is multiply-xorshift rounds over the packed task's
/// four integers (its run by the store's name index: no string is hashed or compared), and
/// the key itself is not stored at all: it is compared with the chain's newest record
/// (`matches`) only when the 32-bit tags match. Linear probing, at most half full; nothing is
/// ever removed.
struct TaskChainTable {
    typealias Task = PackedCheckpointRecord.PackedTask

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

    /// The position of `task`'s chain, if it has one.
    @inline(__always)
    func find(_ task: Task, matches: (Chain) -> Bool) -> Int? {
        let tag = Self.tag(of: task)
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
    mutating func insert(_ task: Task, chain: Chain) {
        if 2 * (count + 1) > slots.count { grow(toHold: count + 1) }
        let tag = Self.tag(of: task)
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

    @inline(__always)
    private static func tag(of task: Task) -> UInt32 {
        let runAndIteration = UInt64(UInt32(bitPattern: task.run)) << 32 | UInt64(UInt32(bitPattern: task.iteration))
        let range = UInt64(UInt32(bitPattern: task.start)) << 32 | UInt64(UInt32(bitPattern: task.end))
        return UInt32(truncatingIfNeeded: mix(mix(runAndIteration) ^ range) >> 32) | 1
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

