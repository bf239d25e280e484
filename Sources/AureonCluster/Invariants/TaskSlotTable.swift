/// The checker's map from a task's identity to its dense slot: per run, one block per
/// iteration it follows, and in a block one entry per shard index.
///
/// Why blocks and not a hash table: it runs for every event that names a task, and a hash
/// spreads the tasks of one iteration over the whole table, so on the benchmark workloads
/// nearly every lookup was a cache miss (a twentieth of W1's wall time for a tenth of a
/// percent of its instructions). A task's shard index is dense (the planner numbers an
/// iteration's shards from 0), so an iteration's slots are one array of 4-byte entries,
/// visited in about the order the queue leases its shards. Everything here is in an order the
/// events alone decide (blocks as first seen, entries by shard): no hash layout reaches a
/// decision.
struct TaskSlotTable: Sendable {
    private struct Block: Sendable {
        let run: Int32
        let iteration: Int32
        /// Indexed by shard: the task's slot, or -1 when the task was not seen yet.
        var slots: [Int32]
    }

    /// The iterations whose tasks are followed, in the order first seen (searched from the
    /// end: the newest iteration is the one most events name). One flat array, read in place:
    /// an array per run cost a retain and a release of the run's array per lookup.
    private var blocks: [Block] = []
    /// Entries held (slots handed to tasks and not removed).
    private(set) var count = 0

    /// The slot of a task, or nil when it has none here.
    func slot(run: Int32, iteration: Int32, shard: Int32) -> Int32? {
        guard let position = position(run: run, iteration: iteration),
              shard >= 0, Int(shard) < blocks[position].slots.count else { return nil }
        let slot = blocks[position].slots[Int(shard)]
        return slot >= 0 ? slot : nil
    }

    /// Adds a task that has no slot here yet.
    mutating func insert(run: Int32, iteration: Int32, shard: Int32, slot: Int32) {
        precondition(slot >= 0, "task slots are not negative")
        precondition(shard >= 0 && Int(shard) < RunSpec.maxShards, "shard index \(shard) is outside a run's shards")
        let position = makeBlock(run: run, iteration: iteration, shards: Int(shard) + 1)
        precondition(blocks[position].slots[Int(shard)] < 0, "the task already has a slot")
        blocks[position].slots[Int(shard)] = slot
        count += 1
    }

    /// Makes room for an iteration's `shards` tasks before they arrive.
    mutating func reserve(run: Int32, iteration: Int32, shards: Int) {
        makeBlock(run: run, iteration: iteration, shards: min(max(shards, 0), RunSpec.maxShards))
    }

    /// Removes the tasks of `run`'s iterations up to `iteration` and returns their slots, in
    /// block order and, within a block, by shard.
    mutating func removeIterations(ofRun run: Int32, through iteration: Int32) -> [Int32] {
        var removed: [Int32] = []
        for block in blocks where block.run == run && block.iteration <= iteration {
            for slot in block.slots where slot >= 0 { removed.append(slot) }
        }
        blocks.removeAll { $0.run == run && $0.iteration <= iteration }
        count -= removed.count
        return removed
    }

    /// Bounded by the iterations followed at once (normally one or two per run in progress).
    private func position(run: Int32, iteration: Int32) -> Int? {
        var position = blocks.count - 1
        while position >= 0 {
            if blocks[position].iteration == iteration, blocks[position].run == run { return position }
            position -= 1
        }
        return nil
    }

    /// The block of an iteration, added if new, with at least `shards` entries.
    @discardableResult
    private mutating func makeBlock(run: Int32, iteration: Int32, shards: Int) -> Int {
        precondition(run >= 0, "run slots are not negative")
        let position: Int
        if let found = self.position(run: run, iteration: iteration) {
            position = found
        } else {
            blocks.append(Block(run: run, iteration: iteration, slots: []))
            position = blocks.count - 1
        }
        let missing = shards - blocks[position].slots.count
        if missing > 0 { blocks[position].slots.append(contentsOf: repeatElement(-1, count: missing)) }
        return position
    }
}
