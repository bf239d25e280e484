import AureonEngine
import Testing
@testable import AureonCluster

@Suite struct TaskSlotTableTests {
    /// Random inserts, lookups and removals of iterations agree with a dictionary kept beside it.
    @Test func agreesWithADictionaryUnderRandomUse() {
        var random = SeededRandom(seed: 21)
        var table = TaskSlotTable()
        var reference: [String: Int32] = [:]
        func name(_ run: Int32, _ iteration: Int32, _ shard: Int32) -> String { "\(run)/\(iteration)/\(shard)" }
        var nextSlot: Int32 = 0
        var mismatches = 0
        for step in 0..<20_000 {
            let run = Int32(random.integer(in: 0...3))
            let iteration = Int32(random.integer(in: 1...4))
            let shard = Int32(random.integer(in: 0...3_000))
            if step % 997 == 0 { table.reserve(run: run, iteration: iteration, shards: 2_000) }
            if random.chance(0.002) {
                let removed = table.removeIterations(ofRun: run, through: 2)
                let expected = reference.filter { $0.key.hasPrefix("\(run)/1/") || $0.key.hasPrefix("\(run)/2/") }
                if Set(removed) != Set(expected.values) || removed.count != expected.count { mismatches += 1 }
                for entry in expected { reference[entry.key] = nil }
            } else if let slot = table.slot(run: run, iteration: iteration, shard: shard) {
                if reference[name(run, iteration, shard)] != slot { mismatches += 1 }
            } else {
                if reference[name(run, iteration, shard)] != nil { mismatches += 1 }
                table.insert(run: run, iteration: iteration, shard: shard, slot: nextSlot)
                reference[name(run, iteration, shard)] = nextSlot
                nextSlot += 1
            }
        }
        #expect(mismatches == 0)
        #expect(table.count == reference.count)
        #expect(table.count > 1_000, "the blocks grew past their first sizes")
    }

    @Test func tasksDifferingInOneFieldAreDifferentTasks() {
        var table = TaskSlotTable()
        table.insert(run: 0, iteration: 1, shard: 5, slot: 0)
        #expect(table.slot(run: 1, iteration: 1, shard: 5) == nil)
        #expect(table.slot(run: 0, iteration: 2, shard: 5) == nil)
        #expect(table.slot(run: 0, iteration: 1, shard: 6) == nil)
        #expect(table.slot(run: 0, iteration: 1, shard: 4) == nil)
        #expect(table.slot(run: 0, iteration: 1, shard: -1) == nil)
        #expect(table.slot(run: 0, iteration: 1, shard: 5) == 0)
    }

    /// A reserved iteration holds no task until one is inserted, and removing it frees only
    /// what was inserted.
    @Test func aReservedIterationHoldsNoTasks() {
        var table = TaskSlotTable()
        table.reserve(run: 2, iteration: 3, shards: 100)
        #expect(table.count == 0)
        #expect(table.slot(run: 2, iteration: 3, shard: 10) == nil)
        table.insert(run: 2, iteration: 3, shard: 10, slot: 7)
        table.insert(run: 2, iteration: 4, shard: 150, slot: 8)
        #expect(table.removeIterations(ofRun: 2, through: 3) == [7])
        #expect(table.slot(run: 2, iteration: 3, shard: 10) == nil)
        #expect(table.slot(run: 2, iteration: 4, shard: 150) == 8 && table.count == 1)
    }

    /// Freed slots come in an order the events alone decide: iterations as first seen, then by
    /// shard (not by slot, and not by any hash layout).
    @Test func removedSlotsComeInBlockThenShardOrder() {
        var table = TaskSlotTable()
        table.insert(run: 0, iteration: 1, shard: 9, slot: 0)
        table.insert(run: 0, iteration: 1, shard: 2, slot: 1)
        table.insert(run: 0, iteration: 2, shard: 0, slot: 2)
        table.insert(run: 1, iteration: 1, shard: 0, slot: 4)
        table.insert(run: 0, iteration: 1, shard: 5, slot: 3)
        #expect(table.removeIterations(ofRun: 0, through: 2) == [1, 3, 0, 2])
        #expect(table.count == 1 && table.slot(run: 1, iteration: 1, shard: 0) == 4)
    }
}
