import AureonCluster
import AureonEngine
import AureonTUI
import Testing
@testable import AureonConsole

@Suite struct TimelineTests {
    /// Two nodes; node-01 is partitioned mid-task and its shard moves to node-02.
    static func partitionedCluster() throws -> ClusterSimulation {
        var configuration = ClusterConfiguration()
        configuration.nodeCount = 2
        configuration.concurrency = 1
        configuration.heartbeatInterval = .seconds(2)
        configuration.visibilityTimeout = .seconds(9)
        configuration.leaseMargin = .seconds(1)
        configuration.checkpointInterval = .seconds(3)
        configuration.scanInterval = .seconds(2)
        configuration.unresponsiveAfter = .seconds(6)
        configuration.deadAfter = .seconds(30)
        configuration.selfFencing = false  // an unguarded zombie: its late write reaches the queue
        let simulation = try ClusterSimulation(configuration: configuration)
        try simulation.perform(.drain(NodeID(1)))
        try simulation.perform(.schedule(RunSpec(id: RunID("r"), items: 3, shardSize: 1, work: .seconds(6)...(.seconds(6)))))
        simulation.advance(to: .zero + .seconds(1))
        try simulation.perform(.resume(NodeID(1)))
        simulation.advance(to: .zero + .seconds(8))
        try simulation.perform(.partition([NodeID(0)], duration: .seconds(12)))
        simulation.advance(to: .zero + .seconds(36))
        return simulation
    }

    @Test func followsExecutionsAndFaultsFromTheEventStream() throws {
        let simulation = try Self.partitionedCluster()
        var timeline = ExecutionTimeline(nodeCount: 2)
        timeline.ingest(simulation.events)
        let zombie = timeline.lanes[0]
        #expect(zombie.faults.map(\.label) == ["partition"])
        #expect(zombie.faults.first?.end == .zero + .seconds(20))
        #expect(zombie.bars.contains { $0.outcome == .rejected }, "the zombie's late write is rejected")
        #expect(timeline.lanes[1].bars.contains { $0.outcome == .committed })
        #expect(timeline.lanes.flatMap(\.bars).filter { $0.outcome == .committed }.count == 3)
        // Ingesting again adds nothing: it follows sequence numbers.
        let before = timeline.lanes.map(\.bars.count)
        timeline.ingest(simulation.events)
        #expect(timeline.lanes.map(\.bars.count) == before)
    }

    @Test func rendersLanesBarsFaultsAndLegend() throws {
        let simulation = try Self.partitionedCluster()
        var timeline = ExecutionTimeline(nodeCount: 2)
        timeline.ingest(simulation.events)
        var buffer = CellBuffer(width: 58, height: 6)
        let pane = TimelinePane(timeline: timeline, simulation: simulation, theme: .fallback, glyphs: .ascii,
                                window: .seconds(36), firstLane: 0, selectedLane: 0, isFocused: true)
        pane.render(in: Rect(x: 0, y: 0, width: 58, height: 6), buffer: &buffer)
        // node-01 commits one shard, then is cut off mid-shard: its zombie execution runs on
        // until the heal at 20 s, when its late write is rejected (x); node-02 takes the shard.
        #expect(buffer.lines == [
            "+ Timeline SEP last 36s SEP 2 lanes -------------------------+",
            "|node-01   #######xxxxxxxxxxxxxxxxxxx                    |",
            "|node-02     #########          #########                |",
            "|          -36s                          now 00:00:36.000|",
            "|# committed = running ~ redelivered x rejected ! failed D",
            "+--------------------------------------------------------+",
        ].map { $0.replacingOccurrences(of: "SEP", with: String(GlyphSet.ascii.separator)) })
    }
}

@Suite struct FaultsPaneTests {
    @Test func listsFaultsWithTimeLeft() throws {
        var configuration = ClusterConfiguration()
        configuration.nodeCount = 3
        let simulation = try ClusterSimulation(configuration: configuration)
        try simulation.perform(.partition([NodeID(1)], duration: .seconds(30)))
        try simulation.perform(.chaos(faultsPerMinute: 0.5))
        var buffer = CellBuffer(width: 70, height: 5)
        FaultsPane(simulation: simulation, theme: .fallback, glyphs: .ascii, isFocused: false)
            .render(in: Rect(x: 0, y: 0, width: 70, height: 5), buffer: &buffer)
        let text = buffer.lines
        #expect(text[0].contains("Faults (2)"))
        #expect(text[1].contains("chaos") && text[1].contains("0.5/min") && text[1].contains("until cleared"))
        #expect(text[2].contains("partition") && text[2].contains("node-02") && text[2].contains("ends in 30s"))

        var empty = CellBuffer(width: 70, height: 3)
        let calm = try ClusterSimulation(configuration: configuration)
        FaultsPane(simulation: calm, theme: .fallback, glyphs: .ascii, isFocused: false)
            .render(in: Rect(x: 0, y: 0, width: 70, height: 3), buffer: &empty)
        #expect(empty.lines[1].contains("none"))
    }
}
