import AureonCluster

/// What the console learns from every event as it is recorded: the timeline and per-node event
/// counts. Installed as the simulation's event sink when it is built, so a frame that runs
/// 50 000 events feeds all of them here — not just the newest ones left in the log's ring.
public final class ConsoleEventFeed {
    public private(set) var timeline: ExecutionTimeline
    /// Events naming each node, counted since the start (the node detail's own total).
    public private(set) var eventsPerNode: [Int]

    public init(nodeCount: Int) {
        timeline = ExecutionTimeline(nodeCount: nodeCount)
        eventsPerNode = Array(repeating: 0, count: nodeCount)
    }

    /// The sink to hand to ``ClusterSimulation/init(configuration:checkpointStore:queueDefects:eventSink:)``
    /// (or a scenario's or a player's `eventSink`), chaining `next` (an export) after it.
    public func sink(chaining next: ((ClusterEvent) -> Void)? = nil) -> (ClusterEvent) -> Void {
        { [self] event in
            record(event)
            next?(event)
        }
    }

    func record(_ event: ClusterEvent) {
        if let node = event.node, node.index < eventsPerNode.count { eventsPerNode[node.index] += 1 }
        timeline.ingest(event)
    }
}
