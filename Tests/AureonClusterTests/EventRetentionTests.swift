import AureonEngine
@testable import AureonCluster
import Testing

@Suite struct EventRetentionTests {
    static func run(retaining: Bool, switchOffAfter: VirtualDuration? = nil) throws -> ClusterSimulation {
        let simulation = try ClusterSimulation(configuration: makeConfiguration())
        simulation.retainsEvents = retaining
        try simulation.perform(.schedule(makeRun(items: 40, shardSize: 5, iterations: 2)))
        try simulation.perform(.kill(NodeID(1)))
        if let switchOffAfter {
            simulation.advance(by: switchOffAfter)
            simulation.retainsEvents = false
        }
        simulation.runUntilIdle(limit: .zero + .hours(1))
        return simulation
    }

    /// A headless run keeps no events for views, and that changes nothing else: the same trace
    /// hash, counts and checker verdicts as a run that kept them.
    @Test func aRunThatRetainsNoEventsHasTheSameHistory() throws {
        let kept = try Self.run(retaining: true)
        let dropped = try Self.run(retaining: false)
        let switched = try Self.run(retaining: true, switchOffAfter: .seconds(20))
        #expect(kept.events.retainedCount > 100 && !kept.events.newest(10).isEmpty)
        #expect(dropped.events.retainedCount == 0 && dropped.events.newest(10).isEmpty && dropped.events.recent.isEmpty)
        #expect(switched.events.retainedCount == 0)
        for other in [dropped, switched] {
            #expect(other.traceHash.hexDigest == kept.traceHash.hexDigest)
            #expect(other.events.totalCount == kept.events.totalCount)
            #expect(EventKind.allCases.allSatisfy { other.events.count(of: $0) == kept.events.count(of: $0) })
            #expect(other.checker.violations.count == kept.checker.violations.count)
        }
    }

    /// Retention belongs to whoever watches, like the sink: a restore keeps the live setting.
    @Test func aRestoreKeepsTheLiveSetting() throws {
        let simulation = try ClusterSimulation(configuration: makeConfiguration())
        try simulation.perform(.schedule(makeRun(items: 40, shardSize: 5)))
        simulation.advance(by: .seconds(10))
        let snapshot = simulation.snapshot()
        #expect(simulation.events.retainedCount > 0)
        simulation.retainsEvents = false
        simulation.restore(snapshot)
        #expect(!simulation.retainsEvents && simulation.events.retainedCount == 0)
        simulation.retainsEvents = true
        simulation.restore(snapshot)
        #expect(simulation.retainsEvents && simulation.events.retainedCount > 0)
    }
}
