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

    /// Events due later than the near future (timers, mostly).
    @usableFromInline var heap = EventHeap<Payload>()
    /// Events due within `TimingWheel.span` of now (messages, mostly): O(1) in and out.
    @usableFromInline var wheel = TimingWheel<Payload>()
    /// Events scheduled for the current instant, in sequence order. Most "do it now" events
    /// (a node pulling work) would otherwise sift through the whole heap twice; they are
    /// merged with the heap by (time, sequence), so the order is exactly the same.
    /// A FIFO drained from `immediateHead`; it empties completely at every instant, so a plain
    /// array with a read index is enough (and, unlike a generic `Deque`, specialises fully).
    @usableFromInline var immediate = ContiguousArray<Entry>()
    @usableFromInline var immediateHead = 0
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

    public var count: Int { heap.count + wheel.count + immediate.count - immediateHead }
    /// The most events ever pending at once (reported by benchmarks).
    @usableFromInline var peak = 0
    public var peakCount: Int { peak }
    public var isEmpty: Bool { heap.isEmpty && wheel.isEmpty && immediateHead == immediate.count }
    public var nextTime: VirtualTime? {
        if immediateHead < immediate.count { return currentTime }
        switch (heap.min, wheel.min) {
        case let (heapFirst?, wheelFirst?): return Swift.min(heapFirst.time, wheelFirst.time)
        case let (heapFirst?, nil): return heapFirst.time
        case let (nil, wheelFirst?): return wheelFirst.time
        case (nil, nil): return nil
        }
    }

    @inlinable public mutating func schedule(_ payload: Payload, at time: VirtualTime) {
        precondition(time >= now, "cannot schedule into the past: \(time) < \(now)")
        precondition(count < capacity, "event scheduler over capacity (\(capacity))")
        let entry = Entry(time: time, sequence: nextSequence, payload: payload)
        if time == currentTime {
            immediate.append(entry)
        } else if TimingWheel<Payload>.covers(time, now: currentTime) {
            wheel.insert(entry)
        } else {
            heap.insert(entry)
        }
        if count > peak { peak = count }
        nextSequence &+= 1
    }

    @inlinable public mutating func schedule(_ payload: Payload, after delay: VirtualDuration) {
        schedule(payload, at: now + max(.zero, delay))
    }

    /// Removes and returns the earliest event if it is due at or before `limit`, advancing `now`.
    /// The three parts are merged by (time, sequence), so the order is that of one heap.
    @inlinable public mutating func popNext(notAfter limit: VirtualTime) -> Entry? {
        if immediateHead < immediate.count {
            // Same instant as `now`: only an earlier-sequenced entry at `now` goes first.
            let first = immediate[immediateHead]
            guard first.time <= limit else { return nil }
            if let top = heap.min, top < first { return popHeap() }
            if let top = wheel.min, top < first { return popWheel() }
            immediateHead += 1
            if immediateHead == immediate.count {
                immediate.removeAll(keepingCapacity: true)
                immediateHead = 0
            }
            return first
        }
        if let near = wheel.min {
            if let far = heap.min, far < near {
                return far.time <= limit ? popHeap() : nil
            }
            return near.time <= limit ? popWheel() : nil
        }
        guard let first = heap.min, first.time <= limit else { return nil }
        return popHeap()
    }

    @inlinable mutating func popHeap() -> Entry {
        let entry = heap.removeMin()
        currentTime = entry.time
        return entry
    }

    @inlinable mutating func popWheel() -> Entry {
        let entry = wheel.removeMin()
        currentTime = entry.time
        return entry
    }

    /// Moves the clock forward to `time` when nothing is due before it (idle stretches).
    public mutating func advanceClock(to time: VirtualTime) {
        precondition(heap.min.map { $0.time >= time } ?? true, "advancing past a pending event")
        precondition(wheel.min.map { $0.time >= time } ?? true, "advancing past a pending event")
        precondition(immediateHead == immediate.count || time <= currentTime, "advancing past a pending event")
        if time > currentTime { currentTime = time }
    }
}
