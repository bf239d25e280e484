import AureonEngine

/// The event bus: numbers events, folds each into the trace hash, keeps the newest in a
/// bounded ring for the console, and hands every one to an optional sink (JSON lines export).
public struct EventLog {
    public private(set) var traceHash = TraceHasher.history()
    public private(set) var totalCount: UInt64 = 0
    public private(set) var countsByKind: [Int]
    private var ring: [ClusterEvent] = []
    private var ringStart = 0
    public let capacity: Int
    /// Receives every event as it is recorded (for `--events FILE`); nil costs nothing.
    public var sink: ((ClusterEvent) -> Void)?

    public init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
        countsByKind = Array(repeating: 0, count: EventKind.allCases.count)
        ring.reserveCapacity(min(capacity, 65_536))
    }

    @discardableResult
    mutating func record(
        time: VirtualTime, kind: EventKind, node: NodeID?, task: TaskID?, run: RunID?, detail: EventDetail
    ) -> ClusterEvent {
        let event = ClusterEvent(time: time, sequence: totalCount, kind: kind, node: node, task: task, run: run, detail: detail)
        traceHash.combine(time.microseconds)
        traceHash.combine(kind.ordinal)
        traceHash.combine(node?.index ?? -1)
        if let task { task.hash(into: &traceHash) } else if let run { traceHash.combine(run.rawValue) } else { traceHash.combine(-1) }
        detail.hash(into: &traceHash)
        totalCount += 1
        countsByKind[kind.ordinal] += 1
        sink?(event)
        if ring.count < capacity {
            ring.append(event)
        } else {
            ring[ringStart] = event
            ringStart = ringStart + 1 == capacity ? 0 : ringStart + 1
        }
        return event
    }

    /// Number of events of one kind recorded so far.
    public func count(of kind: EventKind) -> Int { countsByKind[kind.ordinal] }

    /// The retained events, oldest first.
    public var recent: [ClusterEvent] { Array(ring[ringStart...] + ring[..<ringStart]) }

    /// The newest retained events matching `predicate`, newest last, at most `limit`.
    public func newest(_ limit: Int, where predicate: (ClusterEvent) -> Bool = { _ in true }) -> [ClusterEvent] {
        var result: [ClusterEvent] = []
        var offset = ring.count - 1
        while offset >= 0, result.count < limit {
            let event = ring[(ringStart + offset) % ring.count]
            if predicate(event) { result.append(event) }
            offset -= 1
        }
        return result.reversed()
    }
}
