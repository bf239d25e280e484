/// The discrete-event queue: payloads ordered by (virtual time, insertion sequence).
///
/// The sequence number breaks ties so that two events at the same instant always run in the
/// order they were scheduled: no hash order, no heap instability, decides anything.
///
/// Payloads are plain data (`BitwiseCopyable`): the timing wheels keep them in raw memory
/// (see `TimingWheel`), and an event that retained anything would make every copy of an entry
/// count references.
public struct EventScheduler<Payload: BitwiseCopyable> {
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

    /// Events due beyond the coarse wheel's reach (or too close for the near wheel's window:
    /// see `nearLimit`).
    @usableFromInline var heap = EventHeap<Payload>()
    /// Events due before `nearLimit` (messages, mostly), a bucket per microsecond: O(1) in and out.
    @usableFromInline var wheel = NearWheel()
    /// Events due from `nearLimit` to about a minute ahead (timers, mostly), a bucket per block
    /// of `blockSize` µs. A block's bucket moves whole into the near wheel before any event
    /// inside it can be due, and before the near wheel takes any event of that block directly:
    /// its entries arrive in sequence order, ahead of every later one, so the near wheel's
    /// buckets stay in (time, sequence) order and the order is exactly that of one heap.
    @usableFromInline var coarse = CoarseWheel()
    /// Blocks before `nearLimit` have left the coarse wheel (a multiple of `blockSize`, always
    /// after `now`). The near wheel takes the events due in [`nearLimit - nearSpan`, `nearLimit`);
    /// the coarse wheel those of the blocks from `nearLimit` on, for `coarseBuckets` blocks.
    @usableFromInline var nearLimit: Int64 = 2 << blockShift
    /// The near wheel: a bucket per microsecond, two coarse blocks' worth.
    @usableFromInline typealias NearWheel = TimingWheel<Payload, 8_192, 0>
    /// The coarse wheel: blocks of 4,096 µs (more than most message delays), 16,384 of them
    /// (67 s ahead: heartbeats, checkpoint intervals, most work).
    @usableFromInline typealias CoarseWheel = TimingWheel<Payload, 16_384, 12>
    /// Microseconds the near wheel covers.
    @inlinable public static var nearSpan: Int64 { NearWheel.span }
    @inlinable static var blockShift: Int64 { CoarseWheel.bucketShift }
    @inlinable static var blockSize: Int64 { 1 << blockShift }
    @inlinable static var coarseBuckets: Int64 { CoarseWheel.span }
    /// Events armed one of a few fixed delays ahead (periodic timers): FIFOs, O(1) in and out.
    @usableFromInline var lanes: [DelayLane<Payload>] = []
    /// Most delay lanes a scheduler keeps: each pop compares every lane's head.
    public static var laneLimit: Int { 8 }
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
        precondition(NearWheel.span == 2 * Self.blockSize, "the near wheel's window is two coarse blocks (see `slide`)")
        self.capacity = capacity
    }

    /// Events pending in all parts: kept as one counter, since summing the parts' counts
    /// twice per insert (the capacity check, the peak) was a third of `schedule`'s own cost.
    @usableFromInline var pendingCount = 0
    public var count: Int { pendingCount }
    @usableFromInline var laneCount = 0
    /// The earliest time in the heap and the lanes (`Int64.max` when both are empty): most pops
    /// come from the wheel, and this lets them skip looking at the far parts at all.
    @usableFromInline var farEarliest = Int64.max
    /// Which far part holds the earliest far event (meaningless while `farEarliest` is max).
    @usableFromInline var farSource = Source.heap
    /// Each lane's head (time, sequence), `Int64.max` when empty: plain data, so finding the
    /// earliest far event scans a flat array instead of every lane's storage.
    @usableFromInline var laneFronts = ContiguousArray<LaneFront>()
    /// Each lane's delay in µs, flat: most timers are looked up here and go elsewhere.
    @usableFromInline var laneDelays = ContiguousArray<Int64>()

    @usableFromInline struct LaneFront {
        @usableFromInline var time: Int64
        @usableFromInline var sequence: UInt64
        @inlinable init(time: Int64, sequence: UInt64) {
            self.time = time
            self.sequence = sequence
        }
        @inlinable static var empty: LaneFront { LaneFront(time: .max, sequence: 0) }
    }
    /// The most events ever pending at once (reported by benchmarks).
    @usableFromInline var peak = 0
    public var peakCount: Int { peak }
    public var isEmpty: Bool { count == 0 }
    public var nextTime: VirtualTime? {
        if immediateHead < immediate.count { return currentTime }
        let near = farMin.map { $0.entry.time }
        // The coarse wheel's events are all after the near wheel's; its earliest block holds
        // its earliest event.
        guard let later = coarse.earliestTime else { return near }
        return near.map { Swift.min($0, later) } ?? later
    }

    /// Keeps events scheduled exactly `delay` ahead (beyond the wheel's span) in a FIFO of
    /// their own. Only the order of equal-time events matters for history, and it is the same
    /// either way: this changes the cost, never the order. At most ``laneLimit`` lanes.
    public mutating func addLane(delay: VirtualDuration) {
        let microseconds = delay.microseconds
        guard microseconds >= Self.nearSpan, !lanes.contains(where: { $0.delay == microseconds }) else { return }
        precondition(lanes.count < Self.laneLimit, "at most \(Self.laneLimit) delay lanes")
        lanes.append(DelayLane(delay: microseconds))
        laneDelays.append(microseconds)
        laneFronts.append(.empty)
    }

    @inlinable public mutating func schedule(_ payload: Payload, at time: VirtualTime) {
        precondition(time >= now, "cannot schedule into the past: \(time) < \(now)")
        precondition(count < capacity, "event scheduler over capacity (\(capacity))")
        assert(count == heap.count + wheel.count + coarse.count + immediate.count - immediateHead + laneCount, "the pending count is the parts' sum")
        let entry = Entry(time: time, sequence: nextSequence, payload: payload)
        if time == currentTime {
            immediate.append(entry)
        } else if time.microseconds < nearLimit, time.microseconds >= nearLimit - Self.nearSpan {
            wheel.insert(entry)
        } else if let lane = lane(for: time.microseconds - currentTime.microseconds) {
            if laneFronts[lane].time == .max { laneFronts[lane] = LaneFront(time: time.microseconds, sequence: entry.sequence) }
            lanes[lane].append(entry)
            laneCount += 1
            noteFar(time.microseconds, in: .lane(lane))
        } else if time.microseconds >= nearLimit, CoarseWheel.key(of: time) < (nearLimit >> Self.blockShift) + Self.coarseBuckets {
            coarse.insert(entry)
        } else {
            heap.insert(entry)
            noteFar(time.microseconds, in: .heap)
        }
        pendingCount += 1
        if pendingCount > peak { peak = pendingCount }
        nextSequence &+= 1
    }

    /// Keeps `farEarliest` on the heap's and lanes' earliest after an insert there.
    @inlinable mutating func noteFar(_ time: Int64, in source: Source) {
        // The newest sequence loses ties: only a strictly earlier time takes the lead.
        if time < farEarliest {
            farEarliest = time
            farSource = source
        }
    }

    @inlinable func lane(for delay: Int64) -> Int? {
        laneDelays.withUnsafeBufferPointer { delays in
            for index in delays.indices where delays[index] == delay { return index }
            return nil
        }
    }

    @inlinable public mutating func schedule(_ payload: Payload, after delay: VirtualDuration) {
        schedule(payload, at: now + max(.zero, delay))
    }

    /// Where the earliest event outside the same-instant FIFO is.
    @usableFromInline enum Source { case wheel, heap, lane(Int) }

    /// Finds the earliest far event again after one was removed.
    @inlinable mutating func updateFarEarliest() {
        var best = heap.min.map { LaneFront(time: $0.time.microseconds, sequence: $0.sequence) } ?? .empty
        var source = Source.heap
        laneFronts.withUnsafeBufferPointer { fronts in
            for index in fronts.indices {
                let front = fronts[index]
                if front.time < best.time || (front.time == best.time && front.time != .max && front.sequence < best.sequence) {
                    best = front
                    source = .lane(index)
                }
            }
        }
        farEarliest = best.time
        farSource = source
    }

    /// The earliest event of the heap and the lanes (the caller knows one exists), and where.
    @inlinable func farHead() -> (entry: Entry, source: Source) {
        switch farSource {
        case .heap: return (heap.min!, .heap)
        case let .lane(index): return (lanes[index].min!, farSource)
        case .wheel: preconditionFailure("the wheel is not a far part")
        }
    }

    /// The earliest event of the wheel, the heap and the lanes, and where it is.
    @inlinable var farMin: (entry: Entry, source: Source)? {
        if wheel.earliest < farEarliest { return wheel.first.map { ($0, .wheel) } }
        guard farEarliest != .max else { return nil }
        let far = farHead()
        if wheel.earliest == farEarliest, let near = wheel.first, near < far.entry { return (near, .wheel) }
        return far
    }

    /// Removes and returns the earliest event if it is due at or before `limit`, advancing `now`.
    /// The parts are merged by (time, sequence), so the order is that of one heap.
    @inlinable public mutating func popNext(notAfter limit: VirtualTime) -> Entry? {
        if immediateHead < immediate.count {
            // Same instant as `now`: only an earlier-sequenced entry at `now` goes first.
            let first = immediate[immediateHead]
            guard first.time <= limit else { return nil }
            if wheel.earliest == first.time.microseconds || farEarliest == first.time.microseconds,
               let (top, source) = farMin, top < first {
                return pop(source)
            }
            immediateHead += 1
            pendingCount -= 1
            if immediateHead == immediate.count {
                immediate.removeAll(keepingCapacity: true)
                immediateHead = 0
            }
            return first
        }
        // Nearly always: the wheel's earliest is strictly before anything far (and the
        // coarse wheel's events are all after it).
        if wheel.earliest < farEarliest {
            guard wheel.earliest <= limit.microseconds else { return nil }
            return pop(.wheel)
        }
        // The near wheel is empty or no earlier than the heap and lanes: the coarse wheel's
        // earliest block may hold the next event. Its events move to the (then empty) near
        // wheel, which takes that block and the one before it from now on.
        if !coarse.isEmpty, coarse.earliest << Self.blockShift <= farEarliest {
            guard coarse.earliest << Self.blockShift <= limit.microseconds else { return nil }
            assert(wheel.isEmpty, "the coarse wheel's events come after the near wheel's")
            moveBlock(coarse.earliest)
            if wheel.earliest < farEarliest {
                guard wheel.earliest <= limit.microseconds else { return nil }
                return pop(.wheel)
            }
        }
        guard let (first, source) = farMin, first.time <= limit else { return nil }
        return pop(source)
    }

    /// Moves a block's events from the coarse wheel to the near wheel, in the order they were
    /// scheduled, and moves `nearLimit` past the block.
    @inlinable mutating func moveBlock(_ block: Int64) {
        precondition(coarse.earliest == block && block >= nearLimit >> Self.blockShift, "blocks move in order")
        // Bounded by the coarse wheel's count.
        while !coarse.isEmpty, coarse.earliest == block { wheel.insert(coarse.removeFirst()) }
        nearLimit = (block + 1) << Self.blockShift
    }

    /// Keeps `nearLimit` more than a block ahead of `now`, moving the coarse blocks it passes
    /// (nearly always there is nothing to do).
    @inlinable @inline(__always) mutating func slide() {
        if nearLimit > currentTime.microseconds + Self.blockSize { return }
        slideFar()
    }

    @inlinable mutating func slideFar() {
        let target = currentTime.microseconds + Self.blockSize
        // Each turn moves one occupied block or skips to the next occupied block or the target:
        // bounded by the coarse wheel's occupied blocks plus one.
        while nearLimit <= target {
            let block = nearLimit >> Self.blockShift
            if coarse.earliest == block {
                moveBlock(block)
            } else {
                // No coarse event before the next occupied block: skip straight to it.
                nearLimit = Swift.min(coarse.earliest, (target >> Self.blockShift) + 1) << Self.blockShift
            }
        }
        assert(nearLimit - Self.nearSpan <= currentTime.microseconds, "the near wheel's window holds now")
    }

    @inlinable mutating func pop(_ source: Source) -> Entry {
        let entry: Entry
        switch source {
        case .wheel: entry = wheel.removeFirst()
        case .heap:
            entry = heap.removeMin()
            updateFarEarliest()
        case let .lane(index):
            entry = lanes[index].removeMin()
            laneCount -= 1
            laneFronts[index] = lanes[index].min.map { LaneFront(time: $0.time.microseconds, sequence: $0.sequence) } ?? .empty
            updateFarEarliest()
        }
        pendingCount -= 1
        currentTime = entry.time
        slide()
        return entry
    }

    /// Moves the clock forward to `time` when nothing is due before it (idle stretches).
    public mutating func advanceClock(to time: VirtualTime) {
        precondition(heap.min.map { $0.time >= time } ?? true, "advancing past a pending event")
        precondition(wheel.first.map { $0.time >= time } ?? true, "advancing past a pending event")
        precondition(coarse.earliestTime.map { $0 >= time } ?? true, "advancing past a pending event")
        precondition(lanes.allSatisfy { $0.min.map { $0.time >= time } ?? true }, "advancing past a pending event")
        precondition(immediateHead == immediate.count || time <= currentTime, "advancing past a pending event")
        if time > currentTime {
            currentTime = time
            slide()
        }
    }
}

