import AureonEngine
import Testing
@testable import AureonCluster

@Suite struct TaskSlotTableTests {
    /// Random inserts, lookups and bulk removals agree with a dictionary kept beside it.
    @Test func agreesWithADictionaryUnderRandomUse() {
        var random = SeededRandom(seed: 21)
        var table = TaskSlotTable()
        var reference: [String: Int32] = [:]
        func name(_ key: TaskSlotTable.Key) -> String { "\(key.run)/\(key.iteration)/\(key.shard)" }
        var nextSlot: Int32 = 0
        var mismatches = 0
        for _ in 0..<20_000 {
            let key = TaskSlotTable.Key(run: Int32(random.integer(in: 0...3)), iteration: Int32(random.integer(in: 1...4)),
                                        shard: Int32(random.integer(in: 0...3_000)))
            if random.chance(0.002) {
                let run = Int32(random.integer(in: 0...3))
                let removed = table.removeAll { $0.run == run && $0.iteration <= 2 }
                let expected = reference.filter { $0.key.hasPrefix("\(run)/1/") || $0.key.hasPrefix("\(run)/2/") }
                if Set(removed) != Set(expected.values) || removed.count != expected.count { mismatches += 1 }
                for entry in expected { reference[entry.key] = nil }
            } else if let slot = table.slot(for: key) {
                if reference[name(key)] != slot { mismatches += 1 }
            } else {
                if reference[name(key)] != nil { mismatches += 1 }
                table.insert(key, slot: nextSlot)
                reference[name(key)] = nextSlot
                nextSlot += 1
            }
        }
        #expect(mismatches == 0)
        #expect(table.count == reference.count)
        #expect(table.count > 1_000, "the table grew past its first capacities")
    }

    @Test func keysDifferingInOneFieldAreDifferentKeys() {
        var table = TaskSlotTable()
        table.insert(TaskSlotTable.Key(run: 0, iteration: 1, shard: 5), slot: 0)
        #expect(table.slot(for: TaskSlotTable.Key(run: 1, iteration: 1, shard: 5)) == nil)
        #expect(table.slot(for: TaskSlotTable.Key(run: 0, iteration: 2, shard: 5)) == nil)
        #expect(table.slot(for: TaskSlotTable.Key(run: 0, iteration: 1, shard: 6)) == nil)
        #expect(table.slot(for: TaskSlotTable.Key(run: 0, iteration: 1, shard: 5)) == 0)
    }
}
