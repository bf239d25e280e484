import AureonCluster
import AureonScenario

/// What the console learns from every event as it is recorded: the timeline and per-node event
/// counts. Installed as the simulation's event sink when it is built, so a frame that runs
/// 50 000 events feeds all of them here — not just the newest ones left in the log's ring.
public final class ConsoleEventFeed {
    public private(set) var timeline: ExecutionTimeline
    /// Events naming each node, counted since the start (the node detail's own total).
    public private(set) var eventsPerNode: [Int]
    /// Nodes named by an event since ``takeTouchedNodes()`` was last called, each once: the
    /// only nodes whose health or faults can have changed meanwhile (``NodeAggregates``).
    private var touchedNodes: [Int] = []
    private var isTouched: [Bool]
    /// The current branch's kills, faults, expiries, stale writes and violations.
    var notable = NotableMoments()

    public init(nodeCount: Int) {
        timeline = ExecutionTimeline(nodeCount: nodeCount)
        eventsPerNode = Array(repeating: 0, count: nodeCount)
        isTouched = Array(repeating: false, count: nodeCount)
    }

    /// The nodes named since the last call, in the order first named; starts afresh.
    func takeTouchedNodes() -> [Int] {
        let touched = touchedNodes
        for index in touched { isTouched[index] = false }
        touchedNodes.removeAll(keepingCapacity: true)
        return touched
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
        if let node = event.node, node.index < eventsPerNode.count {
            eventsPerNode[node.index] += 1
            if !isTouched[node.index] {
                isTouched[node.index] = true
                touchedNodes.append(node.index)
            }
        }
        timeline.ingest(event)
        notable.record(event)
    }

    /// What the feed has derived so far, to keep beside a keyframe.
    func derivedState() -> DerivedState {
        DerivedState(timeline: timeline, eventsPerNode: eventsPerNode)
    }

    /// Puts back what the feed had derived at a keyframe (a jump then runs forward from it).
    func restore(_ state: DerivedState) {
        timeline = state.timeline
        eventsPerNode = state.eventsPerNode
    }

    /// The feed's timeline and counts at one keyframe (``TimeMachine/attach``).
    final class DerivedState: KeyframeAttachment {
        let timeline: ExecutionTimeline
        let eventsPerNode: [Int]

        init(timeline: ExecutionTimeline, eventsPerNode: [Int]) {
            self.timeline = timeline
            self.eventsPerNode = eventsPerNode
        }

        var estimatedByteCount: Int {
            let bars = timeline.lanes.reduce(0) { $0 + $1.bars.count } * MemoryLayout<ExecutionTimeline.Bar>.stride
            let faults = timeline.lanes.reduce(0) { $0 + $1.faults.count } * (MemoryLayout<ExecutionTimeline.FaultSpan>.stride + 16)
            return bars + faults + eventsPerNode.count * 8 * 2
        }
    }
}
