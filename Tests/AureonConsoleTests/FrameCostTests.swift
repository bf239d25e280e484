import AureonCluster
import AureonEngine
import AureonScenario
import AureonTUI
import Testing
@testable import AureonConsole

/// A frame's work depends on what changed and what is on screen, not on the cluster's size:
/// the health counts and the faults are kept from the nodes events name (``NodeAggregates``).
/// Work is counted (nodes read), never timed.
@Suite struct FrameCostTests {
    /// Renders one frame the way the run loop does after a key.
    static func frame(_ app: ConsoleApp, key: Key = .down) -> CellBuffer {
        app.handle(.key(key))
        var buffer = CellBuffer(width: 120, height: 40)
        app.render(into: &buffer)
        return buffer
    }

    static func recount(_ simulation: ClusterSimulation) -> [Int] {
        var counts = Array(repeating: 0, count: DisplayedHealth.allCases.count)
        for index in simulation.nodes.indices { counts[simulation.displayedHealth(of: index).rawValue] += 1 }
        return counts
    }

    @Test(arguments: [500, 20_000]) func framesReadOnlyTheNodesThatChanged(nodes: Int) throws {
        let app = try makeConsole(nodes: nodes, advancedTo: 2)
        let simulation = app.simulation

        // Nothing happened (paused): a frame reads no node, whatever the cluster's size.
        for key in [Key.down, .down, .up] {
            _ = Self.frame(app, key: key)
            #expect(app.aggregates.nodesRead == 0)
        }

        // One node killed: that node is read again, and the counts and faults follow.
        let victim = NodeID(nodes / 2)
        try simulation.perform(.kill(victim))
        let screen = Self.frame(app)
        #expect(app.aggregates.nodesRead == 1)
        #expect(app.aggregates.healthCounts == Self.recount(simulation))
        #expect(app.aggregates.healthCounts[DisplayedHealth.killed.rawValue] == 1)
        #expect(app.faults == simulation.activeFaults)
        #expect(screen.text().contains("killed"))

        // A virtual second later: at most the nodes its events named, never all of a large cluster.
        let before = app.feed.eventsPerNode
        simulation.advance(to: simulation.now + .seconds(1))
        _ = Self.frame(app)
        let named = zip(before, app.feed.eventsPerNode).filter { $0 != $1 }.count
        #expect(app.aggregates.nodesRead == named)
        if nodes > 1_000 { #expect(app.aggregates.nodesRead < nodes / 10, "\(app.aggregates.nodesRead) of \(nodes) nodes read") }
        #expect(app.aggregates.healthCounts == Self.recount(simulation))
        #expect(app.faults == simulation.activeFaults)
    }

    /// The kept figures equal a full recount at every step of fuzzed histories (kills, restarts,
    /// partitions, slowness, flakiness, fencing, skew, chaos): every change that matters is
    /// named by an event.
    @Test func keptFiguresMatchAFullRecountThroughFuzzedHistories() throws {
        var checked = 0
        for seed in UInt64(1)...40 {
            let scenario = Fuzzer.scenario(seed: seed, maxNodes: 8)
            let feed = ConsoleEventFeed(nodeCount: scenario.configuration.nodeCount)
            let simulation = try scenario.makeSimulation(eventSink: feed.sink())
            let app = ConsoleApp(simulation: simulation, feed: feed, settings: ConsoleSettings(startsPaused: true))
            let end = VirtualTime.zero + (scenario.expectations.allRunsCompleteBy ?? .hours(1))
            while simulation.now < end, !(simulation.isIdle && simulation.now > .zero + .minutes(10)) {
                simulation.advance(to: simulation.now + .seconds(7))
                app.handle(.key(.down))
                #expect(app.aggregates.healthCounts == Self.recount(simulation), "seed \(seed) at \(simulation.now)")
                #expect(app.faults == simulation.activeFaults, "seed \(seed) at \(simulation.now)")
                checked += 1
            }
        }
        #expect(checked > 1_000)
    }
}
