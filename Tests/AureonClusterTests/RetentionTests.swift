import AureonEngine
@testable import AureonCluster
import Testing

/// What a headless run does not keep (the event ring, the checkpoint records) changes nothing
/// else, and belongs to whoever watches: a restore keeps the live settings.
@Suite struct RetentionTests {
    /// What a run keeps for views.
    enum Retained: CaseIterable { case events, checkpointRecords }

    static func set(_ retained: Retained, to keep: Bool, on simulation: ClusterSimulation) {
        switch retained {
        case .events: simulation.retainsEvents = keep
        case .checkpointRecords: simulation.retainsCheckpointRecords = keep
        }
    }

    static func keeps(_ retained: Retained, _ simulation: ClusterSimulation) -> Bool {
        switch retained {
        case .events: simulation.retainsEvents
        case .checkpointRecords: simulation.retainsCheckpointRecords
        }
    }

    static func run(_ retained: Retained, keeping: Bool, switchOffAfter: VirtualDuration? = nil) throws -> ClusterSimulation {
        let simulation = try ClusterSimulation(configuration: makeConfiguration())
        set(retained, to: keeping, on: simulation)
        try simulation.perform(.schedule(makeRun(items: 40, shardSize: 5, iterations: 2)))
        try simulation.perform(.kill(NodeID(1)))
        if let switchOffAfter {
            simulation.advance(by: switchOffAfter)
            set(retained, to: false, on: simulation)
        }
        simulation.runUntilIdle(limit: .zero + .hours(1))
        return simulation
    }

    /// A run that keeps nothing for views has the history of one that keeps everything: the
    /// same trace hash, counts and checker verdicts (recovery resumes from the queue's resume
    /// points, not from the checkpoint records).
    @Test(arguments: Retained.allCases)
    func aRunThatKeepsNothingForViewsHasTheSameHistory(_ retained: Retained) throws {
        let kept = try Self.run(retained, keeping: true)
        let dropped = try Self.run(retained, keeping: false)
        let switched = try Self.run(retained, keeping: true, switchOffAfter: .seconds(20))
        for other in [dropped, switched] {
            #expect(other.traceHash.hexDigest == kept.traceHash.hexDigest)
            #expect(other.events.totalCount == kept.events.totalCount)
            #expect(other.counters.resumedFromCheckpoint == kept.counters.resumedFromCheckpoint)
            #expect(EventKind.allCases.allSatisfy { other.events.count(of: $0) == kept.events.count(of: $0) })
            #expect(other.checker.violations.count == kept.checker.violations.count)
        }
    }

    @Test func aRunThatRetainsNoEventsKeepsNoRing() throws {
        let kept = try Self.run(.events, keeping: true)
        let dropped = try Self.run(.events, keeping: false)
        let switched = try Self.run(.events, keeping: true, switchOffAfter: .seconds(20))
        #expect(kept.events.retainedCount > 100 && !kept.events.newest(10).isEmpty)
        #expect(dropped.events.retainedCount == 0 && dropped.events.newest(10).isEmpty && dropped.events.recent.isEmpty)
        #expect(switched.events.retainedCount == 0)
    }

    /// Saves go on being counted (they are events); the store receives none, and keeps those
    /// saved before the switch.
    @Test func aRunThatKeepsNoCheckpointRecordsStoresNone() throws {
        let kept = try Self.run(.checkpointRecords, keeping: true)
        let dropped = try Self.run(.checkpointRecords, keeping: false)
        let switched = try Self.run(.checkpointRecords, keeping: true, switchOffAfter: .seconds(20))
        #expect(kept.counters.checkpointsSaved > 0 && kept.broker.checkpoints.savedCount == kept.counters.checkpointsSaved)
        #expect(dropped.counters.checkpointsSaved == kept.counters.checkpointsSaved)
        #expect(dropped.broker.checkpoints.savedCount == 0)
        #expect(try dropped.broker.checkpoints.latestRecords().isEmpty)
        #expect(switched.broker.checkpoints.savedCount > 0 && switched.broker.checkpoints.savedCount < kept.counters.checkpointsSaved)
    }

    @Test(arguments: Retained.allCases)
    func aRestoreKeepsTheLiveSetting(_ retained: Retained) throws {
        let simulation = try ClusterSimulation(configuration: makeConfiguration())
        try simulation.perform(.schedule(makeRun(items: 40, shardSize: 5)))
        simulation.advance(by: .seconds(10))
        let snapshot = simulation.snapshot()
        Self.set(retained, to: false, on: simulation)
        simulation.restore(snapshot)
        #expect(!Self.keeps(retained, simulation))
        Self.set(retained, to: true, on: simulation)
        simulation.restore(snapshot)
        #expect(Self.keeps(retained, simulation))
    }

    @Test func aRestoreRetainingNoEventsEmptiesTheRing() throws {
        let simulation = try ClusterSimulation(configuration: makeConfiguration())
        try simulation.perform(.schedule(makeRun(items: 40, shardSize: 5)))
        simulation.advance(by: .seconds(10))
        let snapshot = simulation.snapshot()
        #expect(simulation.events.retainedCount > 0)
        simulation.retainsEvents = false
        simulation.restore(snapshot)
        #expect(simulation.events.retainedCount == 0)
        simulation.retainsEvents = true
        simulation.restore(snapshot)
        #expect(simulation.events.retainedCount > 0)
    }
}
