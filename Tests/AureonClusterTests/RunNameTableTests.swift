import AureonEngine
import Testing
@testable import AureonCluster

@Suite struct RunNameTableTests {
    private static let slices = RunSpec(id: RunID("rqml-run-001"), items: 95, shardSize: 10)
    private static let items = RunSpec(id: RunID("training-ßeta"), items: 7, shardSize: 1, strategy: .byIteration)

    private static var table: RunNameTable {
        var table = RunNameTable()
        table.register(slices, slot: 0)
        table.register(items, slot: 1)
        return table
    }

    @Test func rendersTheTaskIDTheSpecsPlan() throws {
        let table = Self.table
        let sliceKeys = try ShardPlanner.plan(Self.slices)
        let itemKeys = try ShardPlanner.plan(Self.items)
        for (index, key) in sliceKeys.enumerated() {
            #expect(table.taskID(for: TaskRef(runSlot: 0, iteration: 3, shard: index)) == TaskID(run: Self.slices.id, iteration: 3, shard: key))
        }
        for (index, key) in itemKeys.enumerated() {
            #expect(table.taskID(for: TaskRef(runSlot: 1, iteration: 1, shard: index)) == TaskID(run: Self.items.id, iteration: 1, shard: key))
        }
        #expect(table.taskID(for: TaskRef(runSlot: 0, iteration: 1, shard: 9)).description == "rqml-run-001:1:slice:90:95")
        #expect(table.id(ofRunAt: 1) == Self.items.id)
        #expect(table.count == 2)
    }

    /// The cached bytes hash exactly as the name's string did (the trace hash format).
    @Test func hashesANameAndATaskAsTheirStringsAndNumbers() {
        let table = Self.table
        for (slot, spec) in [Self.slices, Self.items].enumerated() {
            var cached = TraceHasher.history()
            table.hashName(ofRunAt: Int32(slot), into: &cached)
            var direct = TraceHasher.history()
            direct.combine(spec.id.rawValue)
            #expect(cached == direct)
        }
        var cached = TraceHasher.history()
        table.hashTask(TaskRef(runSlot: 0, iteration: 2, shard: 4), into: &cached)
        var direct = TraceHasher.history()
        direct.combine("rqml-run-001")
        direct.combine(2)
        direct.combine(1); direct.combine(40); direct.combine(50)
        #expect(cached == direct)
    }

    @Test func rendersARecordAsTheEventItNames() {
        let table = Self.table
        let record = EventRecord(time: .zero + .seconds(4), sequence: 7, kind: .taskCommitted, node: NodeID(2),
                                 task: TaskRef(runSlot: 1, iteration: 1, shard: 6), runSlot: 1,
                                 detail: .commit(token: FencingToken(3), resumed: false))
        let event = table.event(for: record)
        #expect(event == ClusterEvent(time: record.time, sequence: 7, kind: .taskCommitted, node: NodeID(2),
                                      task: TaskID(run: Self.items.id, iteration: 1, shard: .item(6)), run: Self.items.id,
                                      detail: record.detail))
        let runOnly = EventRecord(time: .zero, sequence: 0, kind: .runScheduled, node: nil, task: nil, runSlot: 0, detail: .none)
        #expect(table.event(for: runOnly).run == Self.slices.id && table.event(for: runOnly).task == nil)
        let neither = EventRecord(time: .zero, sequence: 1, kind: .nodeJoined, node: NodeID(0), task: nil, runSlot: -1, detail: .incarnation(1))
        #expect(table.event(for: neither).run == nil)
    }

    /// A value: a copy (a snapshot's) keeps naming the runs it had when the original registers more.
    @Test func aCopyIsUnchangedByRunsRegisteredLater() {
        var original = Self.table
        let snapshot = original
        let later = RunSpec(id: RunID("later-run"), items: 3, shardSize: 1)
        original.register(later, slot: 2)
        #expect(original.count == 3 && snapshot.count == 2)
        #expect(original.id(ofRunAt: 2) == later.id)
        var copied = snapshot
        copied.register(RunSpec(id: RunID("other-run"), items: 3, shardSize: 1), slot: 2)
        #expect(copied.id(ofRunAt: 2) == RunID("other-run") && original.id(ofRunAt: 2) == later.id)
        var hashed = TraceHasher.history()
        copied.hashName(ofRunAt: 2, into: &hashed)
        var direct = TraceHasher.history()
        direct.combine("other-run")
        #expect(hashed == direct && snapshot.count == 2)
    }
}
