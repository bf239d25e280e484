import AureonEngine

/// The event bus: numbers events, folds each into the trace hash, keeps the newest in a
/// bounded ring for the console, and hands every one to an optional sink (JSON lines export).
///
/// Events are kept as plain records (`EventRecord`, tasks and runs by slot) and given their
/// names (`ClusterEvent`) only when read: by `recent`, `newest` or the sink.
public struct EventLog {
    public private(set) var traceHash = TraceHasher.history()
    public private(set) var totalCount: UInt64 = 0
    public private(set) var countsByKind: [Int]
    /// The names of the runs the records refer to by slot.
    private(set) var names = RunNameTable()
    private var ring: [EventRecord] = []
    private var ringStart = 0
    public let capacity: Int
    /// Receives every event as it is recorded (for `--events FILE`); nil costs nothing.
    public var sink: ((ClusterEvent) -> Void)?
    /// Whether the ring keeps the newest events (for `recent` and `newest`). Headless runs turn
    /// it off: nothing reads the ring there, and copying every event into it, destroying the one
    /// it replaced, was 55 M of W1's 1,768 M instructions. The trace hash, the counts
    /// and the sink do not depend on it; turning it off empties the ring.
    public var retainsEvents = true {
        didSet {
            guard !retainsEvents else { return }
            ring = []
            ringStart = 0
        }
    }
    /// Events in the ring now.
    public var retainedCount: Int { ring.count }

    public init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
        countsByKind = Array(repeating: 0, count: EventKind.allCases.count)
        ring.reserveCapacity(min(capacity, 65_536))
    }

    /// Names the run admitted at `slot` before any event refers to it.
    mutating func register(_ spec: RunSpec, slot: Int) { names.register(spec, slot: slot) }

    /// `runSlot` is the task's run for an event that names a task, -1 for one naming no run.
    @discardableResult
    mutating func record(
        time: VirtualTime, kind: EventKind, node: NodeID?, task: TaskRef?, runSlot: Int32, detail: EventDetail
    ) -> EventRecord {
        let event = EventRecord(time: time, sequence: totalCount, kind: kind, node: node, task: task, runSlot: runSlot, detail: detail)
        traceHash.combine(time.microseconds)
        traceHash.combine(kind.ordinal)
        traceHash.combine(node?.index ?? -1)
        if let task {
            names.hashTask(task, into: &traceHash)
        } else if runSlot >= 0 {
            names.hashName(ofRunAt: runSlot, into: &traceHash)
        } else {
            traceHash.combine(-1)
        }
        detail.hash(into: &traceHash)
        totalCount += 1
        countsByKind[kind.ordinal] += 1
        if let sink { sink(names.event(for: event)) }
        guard retainsEvents else { return event }
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
    public var recent: [ClusterEvent] { (ring[ringStart...] + ring[..<ringStart]).map(names.event(for:)) }

    /// The newest retained events matching `predicate`, newest last, at most `limit`.
    public func newest(_ limit: Int, where predicate: (ClusterEvent) -> Bool = { _ in true }) -> [ClusterEvent] {
        var result: [ClusterEvent] = []
        var offset = ring.count - 1
        while offset >= 0, result.count < limit {
            let event = names.event(for: ring[(ringStart + offset) % ring.count])
            if predicate(event) { result.append(event) }
            offset -= 1
        }
        return result.reversed()
    }
}
