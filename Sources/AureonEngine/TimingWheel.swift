/// The near future of the event queue: a calendar ring of one bucket per microsecond.
///
/// Why: most events of a simulated cluster are messages due a few milliseconds after they
/// were sent (latency plus jitter). In one binary heap with the far timers they pay a sift of
/// the whole heap twice each — profiles of the benchmark workloads put the heap at a sixth of
/// all instructions. Here an event due less than `span` after `now` is appended to the bucket
/// of its microsecond, so insertion is O(1); the earliest is found with a bitmap of occupied
/// buckets. Every entry lies in [now, now + span), so distinct times never share a bucket, and
/// entries of one bucket are in sequence order because sequences only grow: the wheel yields
/// exactly the (time, sequence) order a heap would.
@usableFromInline
struct TimingWheel<Payload> {
    @usableFromInline typealias Entry = EventScheduler<Payload>.Entry

    /// Microseconds covered ahead of `now` (a power of two: the bucket is `time & mask`).
    @usableFromInline static var span: Int64 { 8_192 }
    @usableFromInline static var mask: Int64 { span - 1 }
    @usableFromInline static var noSlot: Int32 { -1 }

    @usableFromInline struct Slot {
        @usableFromInline var entry: Entry
        @usableFromInline var next: Int32
        @inlinable init(entry: Entry, next: Int32) {
            self.entry = entry
            self.next = next
        }
    }

    /// Entries live in a pool linked per bucket; freed slots are reused, so the pool is as
    /// large as the most entries ever pending in the near future, not as the run is long.
    @usableFromInline var pool = ContiguousArray<Slot>()
    @usableFromInline var freeSlot = noSlot
    @usableFromInline var heads = ContiguousArray<Int32>(repeating: noSlot, count: Int(span))
    @usableFromInline var tails = ContiguousArray<Int32>(repeating: noSlot, count: Int(span))
    /// One bit per bucket: set while the bucket holds an entry.
    @usableFromInline var occupied = ContiguousArray<UInt64>(repeating: 0, count: Int(span) / 64)
    @usableFromInline private(set) var count = 0
    /// The earliest pending time (meaningless while empty).
    @usableFromInline var earliest: Int64 = .max

    @inlinable init() {}

    @inlinable var isEmpty: Bool { count == 0 }

    /// True when an event at `time` belongs here, given the current instant.
    @inlinable static func covers(_ time: VirtualTime, now: VirtualTime) -> Bool {
        time.microseconds - now.microseconds < span
    }

    @inlinable var min: Entry? {
        count == 0 ? nil : pool[Int(heads[Int(earliest & Self.mask)])].entry
    }

    /// Adds an entry due within `span` of the current instant (the caller checks `covers`).
    @inlinable mutating func insert(_ entry: Entry) {
        let bucket = Int(entry.time.microseconds & Self.mask)
        let slot: Int32
        if freeSlot != Self.noSlot {
            slot = freeSlot
            freeSlot = pool[Int(slot)].next
            pool[Int(slot)] = Slot(entry: entry, next: Self.noSlot)
        } else {
            slot = Int32(pool.count)
            pool.append(Slot(entry: entry, next: Self.noSlot))
        }
        let tail = tails[bucket]
        if tail == Self.noSlot {
            heads[bucket] = slot
            occupied[bucket >> 6] |= 1 << UInt64(bucket & 63)
        } else {
            pool[Int(tail)].next = slot
        }
        tails[bucket] = slot
        count += 1
        if entry.time.microseconds < earliest { earliest = entry.time.microseconds }
    }

    @inlinable mutating func removeMin() -> Entry {
        precondition(count > 0, "removeMin on an empty timing wheel")
        let bucket = Int(earliest & Self.mask)
        let slot = heads[bucket]
        let entry = pool[Int(slot)].entry
        let next = pool[Int(slot)].next
        pool[Int(slot)].next = freeSlot
        freeSlot = slot
        count -= 1
        heads[bucket] = next
        if next == Self.noSlot {
            tails[bucket] = Self.noSlot
            occupied[bucket >> 6] &= ~(1 << UInt64(bucket & 63))
            if count == 0 { earliest = .max } else { earliest += Int64(distanceToNextOccupied(after: bucket)) }
        }
        return entry
    }

    /// Buckets from `bucket` forward (cyclically) to the next occupied one. Every entry lies
    /// within one span of the one just removed, so the scan ends within one turn of the ring.
    @inlinable func distanceToNextOccupied(after bucket: Int) -> Int {
        let words = occupied.count
        var word = bucket >> 6
        // Bits above `bucket` in its own word first.
        let shift = UInt64(bucket & 63)
        let above = shift == 63 ? 0 : occupied[word] & (~0 << (shift + 1))
        if above != 0 { return (word << 6 | above.trailingZeroBitCount) - bucket }
        // At most one turn of the ring: an occupied bucket always exists when this is called.
        for _ in 0..<words {
            word = (word + 1) & (words - 1)
            let bits = occupied[word]
            guard bits != 0 else { continue }
            let position = word << 6 | bits.trailingZeroBitCount
            let distance = position - bucket
            return distance > 0 ? distance : distance + Int(Self.span)
        }
        preconditionFailure("timing wheel count \(count) but no occupied bucket")
    }
}
