import AureonCluster
import AureonEngine

/// Who ran what, when, and how it ended — per node — built from the event stream, for the
/// timeline view (Dask's task stream, Maelstrom's timeline). Fed one event at a time by
/// ``ConsoleEventFeed`` as the simulation records it, so it never misses or re-reads one.
public struct ExecutionTimeline {
    /// How one execution of a shard on a node ended.
    public enum Outcome: Sendable, Equatable {
        case running
        case committed
        /// Its lease expired or its node died: the shard was handed to someone else.
        case redelivered
        /// A write carried a stale fencing token: a zombie was stopped.
        case rejected
        /// The execution failed or validation rejected it; the shard is retried.
        case failed
        case deadLettered
    }

    public struct Bar: Sendable, Equatable {
        public let task: TaskID
        public let start: VirtualTime
        public internal(set) var end: VirtualTime?
        public internal(set) var outcome: Outcome
    }

    /// A stretch during which a fault (or a kill) applied to the node.
    public struct FaultSpan: Sendable, Equatable {
        /// The fault kind as the event stream writes it (`partition`, `clock_skew`), or `killed`.
        public let label: String
        public let start: VirtualTime
        public internal(set) var end: VirtualTime?
    }

    public struct Lane: Sendable {
        public internal(set) var bars: [Bar] = []
        public internal(set) var faults: [FaultSpan] = []
    }

    /// Kept per lane: older history scrolls off.
    public static let barsPerLane = 256
    public static let faultsPerLane = 32

    public private(set) var lanes: [Lane]
    /// Time spent in executions that ended without committing (expired, killed, fenced off,
    /// failed): the work-seconds lost that the branch comparison shows.
    public private(set) var workLost = VirtualDuration.zero

    public init(nodeCount: Int) {
        lanes = Array(repeating: Lane(), count: nodeCount)
    }

    mutating func ingest(_ event: ClusterEvent) {
        guard let node = event.node, node.index < lanes.count else { return }
        let lane = node.index
        switch event.kind {
        case .shardLeased, .taskRedelivered:
            if let task = event.task { open(task, lane: lane, at: event.time) }
        case .taskCommitted: close(event.task, lane: lane, at: event.time, as: .committed)
        case .leaseExpired:
            // The shard moves on, but a cut-off holder may still be working on it (a zombie):
            // mark the bar and leave it open until the holder stops.
            if let task = event.task, let index = lanes[lane].bars.lastIndex(where: { $0.task == task && $0.end == nil }) {
                lanes[lane].bars[index].outcome = .redelivered
                if !holderMayContinue(lane: lane) { end(lane: lane, bar: index, at: event.time) }
            }
        case .staleWriteRejected, .alreadyCommitted: close(event.task, lane: lane, at: event.time, as: .rejected)
        case .leaseAbandoned: close(event.task, lane: lane, at: event.time, as: .failed)
        case .taskFailed, .validationRejected: close(event.task, lane: lane, at: event.time, as: .failed)
        case .nodeKilled:
            for index in lanes[lane].bars.indices where lanes[lane].bars[index].end == nil {
                lanes[lane].bars[index].outcome = .redelivered
                end(lane: lane, bar: index, at: event.time)
            }
            startFault("killed", lane: lane, at: event.time)
        case .nodeRestarted: endFaults(lane: lane, at: event.time)
        case .faultInjected:
            if case let .fault(kind, _) = event.detail { startFault(kind.rawValue, lane: lane, at: event.time) }
        case .faultCleared:
            if case let .fault(kind, _) = event.detail { endFaults(lane: lane, at: event.time, label: kind.rawValue) }
        default: break
        }
    }

    /// A holder that is cut off keeps working past its lease; any other holder's execution ends
    /// when the lease does (it was killed, or its lease ran out under a skewed clock).
    private func holderMayContinue(lane: Int) -> Bool {
        lanes[lane].faults.contains { $0.end == nil && ($0.label == FaultKind.partition.rawValue || $0.label == FaultKind.clockSkew.rawValue) }
    }

    private mutating func open(_ task: TaskID, lane: Int, at time: VirtualTime) {
        lanes[lane].bars.append(Bar(task: task, start: time, end: nil, outcome: .running))
        if lanes[lane].bars.count > Self.barsPerLane { lanes[lane].bars.removeFirst(lanes[lane].bars.count - Self.barsPerLane) }
    }

    private mutating func close(_ task: TaskID?, lane: Int, at time: VirtualTime, as outcome: Outcome) {
        guard let task, let index = lanes[lane].bars.lastIndex(where: { $0.task == task && $0.end == nil }) else { return }
        lanes[lane].bars[index].outcome = outcome
        end(lane: lane, bar: index, at: time)
    }

    /// Ends a bar with the outcome it has; an execution that did not commit counts as work lost.
    private mutating func end(lane: Int, bar index: Int, at time: VirtualTime) {
        lanes[lane].bars[index].end = time
        if lanes[lane].bars[index].outcome != .committed { workLost = workLost + (time - lanes[lane].bars[index].start) }
    }

    private mutating func startFault(_ label: String, lane: Int, at time: VirtualTime) {
        lanes[lane].faults.append(FaultSpan(label: label, start: time, end: nil))
        if lanes[lane].faults.count > Self.faultsPerLane { lanes[lane].faults.removeFirst() }
    }

    /// Ends the open fault spans of the lane, or only those of one kind (`label`).
    private mutating func endFaults(lane: Int, at time: VirtualTime, label: String? = nil) {
        for index in lanes[lane].faults.indices where lanes[lane].faults[index].end == nil && (label == nil || lanes[lane].faults[index].label == label) {
            lanes[lane].faults[index].end = time
        }
    }
}
