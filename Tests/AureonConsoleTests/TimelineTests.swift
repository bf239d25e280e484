import AureonCluster
import AureonEngine
import AureonTUI
import Testing
@testable import AureonConsole

@Suite struct TimelineTests {
    /// Two nodes; node-01 is partitioned mid-task and its shard moves to node-02.
    static func partitionedCluster() throws -> (ClusterSimulation, ConsoleEventFeed) {
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
        // A zombie that keeps working past its lease (no self-fencing) writes late and is rejected.
        configuration.selfFencing = false
        let (simulation, feed) = try fedSimulation(nodeCount: 2) { try ClusterSimulation(configuration: configuration, eventSink: $0) }
        try simulation.perform(.drain(NodeID(1)))
        try simulation.perform(.schedule(RunSpec(id: RunID("r"), items: 3, shardSize: 1, work: .seconds(6)...(.seconds(6)))))
        simulation.advance(to: .zero + .seconds(1))
        try simulation.perform(.resume(NodeID(1)))
        simulation.advance(to: .zero + .seconds(8))
        try simulation.perform(.partition([NodeID(0)], duration: .seconds(12)))
        simulation.advance(to: .zero + .seconds(36))
        return (simulation, feed)
    }

    @Test func followsExecutionsAndFaultsFromTheEventStream() throws {
        let (_, feed) = try Self.partitionedCluster()
        let timeline = feed.timeline
        let zombie = timeline.lanes[0]
        #expect(zombie.faults.map(\.label) == ["partition"])
        #expect(zombie.faults.first?.end == .zero + .seconds(20))
        #expect(zombie.bars.contains { $0.outcome == .rejected }, "the zombie's late write is rejected")
        #expect(timeline.lanes[1].bars.contains { $0.outcome == .committed })
        #expect(timeline.lanes.flatMap(\.bars).filter { $0.outcome == .committed }.count == 3)
    }

    /// The feed sees every event, even when a frame runs more than the log's ring retains.
    @Test func countsEveryEventWhateverTheRingKeeps() throws {
        var configuration = ClusterConfiguration()
        configuration.nodeCount = 4
        configuration.eventLogCapacity = 16
        let (simulation, feed) = try fedSimulation(nodeCount: 4) { try ClusterSimulation(configuration: configuration, eventSink: $0) }
        try simulation.perform(.schedule(RunSpec(id: RunID("r"), items: 40, shardSize: 1, work: .seconds(1)...(.seconds(2)))))
        simulation.advance(to: .zero + .minutes(2))
        #expect(simulation.events.totalCount > 100)
        let perNode = (0..<4).map { node in simulation.events.recent.filter { $0.node == NodeID(node) }.count }
        #expect(feed.eventsPerNode.reduce(0, +) > perNode.reduce(0, +) * 5, "the ring keeps 16; the feed counted them all")
        #expect(feed.timeline.lanes.flatMap(\.bars).filter { $0.outcome == .committed }.count == 40)
    }

    /// The partition (8 s to 20 s) stays visible under node-01's bars: those cells are underlined.
    @Test func faultPeriodsShowUnderTheBars() throws {
        let (simulation, feed) = try Self.partitionedCluster()
        var buffer = CellBuffer(width: 58, height: 6)
        TimelinePane(model: viewModel(simulation, feed: feed), window: .seconds(36), panBack: .zero, firstLane: 0,
                     selectedLane: nil, isFocused: true).render(in: Rect(x: 0, y: 0, width: 58, height: 6), buffer: &buffer)
        let laneStart = 1 + TimelinePane.nameWidth + 1
        let columns = 58 - 2 - TimelinePane.nameWidth - 1
        func cell(atSecond second: Int64) -> Cell { buffer[laneStart + Int(second * Int64(columns) / 36), 1] }
        #expect(cell(atSecond: 14).style.attributes.contains(.underline), "inside the partition")
        #expect(!cell(atSecond: 3).style.attributes.contains(.underline), "before the partition")
    }

    @Test func rendersLanesBarsFaultsAndLegend() throws {
        let (simulation, feed) = try Self.partitionedCluster()
        var buffer = CellBuffer(width: 58, height: 6)
        let pane = TimelinePane(model: viewModel(simulation, feed: feed), window: .seconds(36), panBack: .zero, firstLane: 0,
                                selectedLane: 0, isFocused: true)
        pane.render(in: Rect(x: 0, y: 0, width: 58, height: 6), buffer: &buffer)
        // node-01 commits one shard, then is cut off mid-shard: its zombie execution runs on
        // until the heal at 20 s, when its late write is rejected (x); node-02 takes the shard.
        #expect(buffer.lines == [
            "+ Timeline SEP last 36s SEP 2 lanes SEP [ ] pan  z Z zoom -----+",
            "|node-01   #######xxxxxxxxxxxxxxxxxxx                    |",
            "|node-02     #########          #########                |",
            "|          |-36s           |-23s         now 00:00:36.000|",
            "|# committed = running ~ redelivered x rejected ! failed D",
            "+--------------------------------------------------------+",
        ].map { $0.replacingOccurrences(of: "SEP", with: String(GlyphSet.ascii.separator)) })
    }
}

@Suite struct FaultsPaneTests {
    @Test func listsFaultsWithTimeLeft() throws {
        var configuration = ClusterConfiguration()
        configuration.nodeCount = 3
        let (simulation, feed) = try fedSimulation(nodeCount: 3) { try ClusterSimulation(configuration: configuration, eventSink: $0) }
        try simulation.perform(.partition([NodeID(1)], duration: .seconds(30)))
        try simulation.perform(.chaos(faultsPerMinute: 0.5))
        var buffer = CellBuffer(width: 70, height: 5)
        FaultsPane(model: viewModel(simulation, feed: feed), isFocused: false)
            .render(in: Rect(x: 0, y: 0, width: 70, height: 5), buffer: &buffer)
        let text = buffer.lines
        #expect(text[0].contains("Faults (2)"))
        #expect(text[1].contains("chaos") && text[1].contains("0.5/min") && text[1].contains("until cleared"))
        #expect(text[2].contains("partition") && text[2].contains("node-02") && text[2].contains("ends in 30s"))

        var empty = CellBuffer(width: 70, height: 3)
        let (calm, calmFeed) = try fedSimulation(nodeCount: 3) { try ClusterSimulation(configuration: configuration, eventSink: $0) }
        FaultsPane(model: viewModel(calm, feed: calmFeed), isFocused: false)
            .render(in: Rect(x: 0, y: 0, width: 70, height: 3), buffer: &empty)
        #expect(empty.lines[1].contains("none"))
    }
}
