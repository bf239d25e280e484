import HeapModule

/// The discrete-event queue: payloads ordered by (virtual time, insertion sequence).
///
/// The sequence number breaks ties so that two events at the same instant always run in the
/// order they were scheduled: no hash order, no heap instability, decides anything.
public struct EventScheduler<Payload> {
    public struct Entry: Comparable {
        public let time: VirtualTime
        public let sequence: UInt64
        public let payload: Payload

        @inlinable init(time: VirtualTime, sequence: UInt64, payload: Payload) {
            self.time = time
            self.sequence = sequence
            self.payload = payload
        }

        @inlinable public static func < (lhs: Entry, rhs: Entry) -> Bool {
            lhs.time != rhs.time ? lhs.time < rhs.time : lhs.sequence < rhs.sequence
        }
        @inlinable public static func == (lhs: Entry, rhs: Entry) -> Bool { lhs.time == rhs.time && lhs.sequence == rhs.sequence }
    }

    @usableFromInline var heap = Heap<Entry>()
    @usableFromInline var nextSequence: UInt64 = 0
    /// The time of the last event handed out; scheduling before it would rewrite history.
    @usableFromInline var currentTime: VirtualTime = .zero
    public var now: VirtualTime { currentTime }
    /// Upper bound on pending events: a runaway feedback loop fails loudly instead of eating memory.
    public let capacity: Int

    public init(capacity: Int = 50_000_000) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    public var count: Int { heap.count }
    public var isEmpty: Bool { heap.isEmpty }
    public var nextTime: VirtualTime? { heap.min?.time }

    @inlinable public mutating func schedule(_ payload: Payload, at time: VirtualTime) {
        precondition(time >= now, "cannot schedule into the past: \(time) < \(now)")
        precondition(heap.count < capacity, "event scheduler over capacity (\(capacity))")
        heap.insert(Entry(time: time, sequence: nextSequence, payload: payload))
        nextSequence &+= 1
    }

    @inlinable public mutating func schedule(_ payload: Payload, after delay: VirtualDuration) {
        schedule(payload, at: now + max(.zero, delay))
    }

    /// Removes and returns the earliest event if it is due at or before `limit`, advancing `now`.
    @inlinable public mutating func popNext(notAfter limit: VirtualTime) -> Entry? {
        guard let first = heap.min, first.time <= limit else { return nil }
        let entry = heap.removeMin()
        currentTime = entry.time
        return entry
    }

    /// Moves the clock forward to `time` when nothing is due before it (idle stretches).
    public mutating func advanceClock(to time: VirtualTime) {
        precondition(heap.min.map { $0.time >= time } ?? true, "advancing past a pending event")
        if time > currentTime { currentTime = time }
    }
}
