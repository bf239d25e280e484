/// A calendar ring: one bucket per `1 << shift` microseconds, entries linked per bucket in the
/// order they came.
///
/// Why: most events of a simulated cluster are due a few milliseconds (messages) or seconds
/// (timers) after they were scheduled. In one binary heap they pay a sift of the whole heap
/// twice each — profiles of the benchmark workloads put the heap at a sixth of all
/// instructions. Here an event is appended to the bucket of its time, so insertion is O(1);
/// the earliest bucket is found with a bitmap of occupied buckets.
///
/// The scheduler keeps two: the near wheel, a bucket per microsecond, whose entries it pops
/// directly; and the coarse wheel, a bucket per block of microseconds, whose buckets it moves
/// whole into the near wheel before their time comes (`EventScheduler`). Every entry's key
/// (`time >> shift`) lies within one ring of the earliest, so distinct keys never share a
/// bucket, and the entries of one bucket are in the order they were inserted: in sequence
/// order for the near wheel, since the scheduler inserts in that order (see there). With one
/// microsecond per bucket the wheel yields exactly the (time, sequence) order a heap would.
///
/// The geometry is in the type (`bucketCount` buckets, a power of two, of `1 << shift` µs each),
/// not stored, so that it is constant in the specialised code; and as integer parameters, not a
/// protocol, so that the first use of the type costs no scan of the conformance records.
///
/// The pool, the buckets and the bitmap are raw memory owned by one `TimingWheelStorage`, and
/// the wheel is copied on write by hand: a mutation checks that one object's uniqueness once,
/// where three arrays cost three uniqueness checks and their bounds checks per insert or
/// removal (W1: 1,713.6 → 1,635.4 M instructions when they went). Raw memory is why payloads
/// are `BitwiseCopyable`: no slot ever needs deinitialising, and a copy is a `memcpy`.
@usableFromInline
struct TimingWheel<Payload: BitwiseCopyable, let bucketCount: Int, let shift: Int> {
    @usableFromInline typealias Entry = EventScheduler<Payload>.Entry

    @usableFromInline static var noSlot: Int32 { -1 }

    @usableFromInline typealias Slot = TimingWheelSlot<Payload>

    @usableFromInline typealias Bucket = TimingWheelStorage<Slot>.Bucket

    /// Buckets in the ring, minus one (a key's bucket is `key & mask`).
    @inlinable static var mask: Int64 { Int64(bucketCount - 1) }
    /// Words of the occupancy bitmap, one bit per bucket.
    @inlinable static var wordCount: Int { bucketCount / 64 }
    /// Slots the pool starts with; it doubles when full.
    @inlinable static var initialPoolCapacity: Int { 256 }

    @usableFromInline var storage: TimingWheelStorage<Slot>
    /// Entries live in a pool linked per bucket; freed slots are reused, so the pool is as
    /// large as the most entries ever pending here, not as the run is long.
    @usableFromInline var pool: UnsafeMutablePointer<Slot>
    /// Slots of the pool in use or on the free list; the rest of `poolCapacity` is unwritten.
    @usableFromInline var poolCount = 0
    @usableFromInline var poolCapacity = initialPoolCapacity
    @usableFromInline var freeSlot = noSlot
    @usableFromInline var buckets: UnsafeMutablePointer<Bucket>
    /// One bit per bucket: set while the bucket holds an entry.
    @usableFromInline var occupiedWords: UnsafeMutablePointer<UInt64>
    @usableFromInline private(set) var count = 0
    /// The earliest pending key (`Int64.max` while empty).
    @usableFromInline var earliest: Int64 = .max

    @inlinable init() {
        precondition(bucketCount >= 64 && bucketCount & (bucketCount - 1) == 0, "a ring of a power of two buckets, at least 64")
        precondition((0..<32).contains(shift), "a bucket of 2^0 to 2^31 microseconds")
        storage = TimingWheelStorage(poolCapacity: Self.initialPoolCapacity, bucketCount: bucketCount, wordCount: Self.wordCount, emptyBucket: (Self.noSlot, Self.noSlot))
        pool = storage.pool
        buckets = storage.buckets
        occupiedWords = storage.occupied
    }

    /// Copies the storage if another wheel shares it (a copy of the scheduler, a snapshot):
    /// once per mutation, before any write through the pointers.
    @inlinable mutating func makeUnique() {
        if isKnownUniquelyReferenced(&storage) { return }
        storage = storage.copy(poolCount: poolCount, poolCapacity: poolCapacity)
        pool = storage.pool
        buckets = storage.buckets
        occupiedWords = storage.occupied
    }

    /// Doubles the pool (the caller made the storage unique).
    @inlinable mutating func growPool() {
        let capacity = poolCapacity * 2
        let grown = UnsafeMutablePointer<Slot>.allocate(capacity: capacity)
        grown.moveInitialize(from: pool, count: poolCount)
        pool.deallocate()
        storage.pool = grown
        pool = grown
        poolCapacity = capacity
    }

    /// Keys covered from the earliest one: an entry's key must lie within this of every other's.
    @inlinable static var span: Int64 { Int64(bucketCount) }

    /// log2 of the microseconds a bucket covers.
    @inlinable static var bucketShift: Int64 { Int64(shift) }

    @inlinable var isEmpty: Bool { count == 0 }

    /// The bucket key of a time.
    @inlinable static func key(of time: VirtualTime) -> Int64 { time.microseconds >> bucketShift }

    /// The first entry of the earliest bucket: the earliest entry of all when a bucket is one
    /// microsecond.
    @inlinable var first: Entry? {
        count == 0 ? nil : pool[Int(buckets[Int(earliest & Self.mask)].head)].entry
    }

    /// The earliest time in the earliest bucket (a walk along that bucket's entries).
    @inlinable var earliestTime: VirtualTime? {
        guard count > 0 else { return nil }
        var slot = buckets[Int(earliest & Self.mask)].head
        var best = pool[Int(slot)].entry.time
        // Bounded by the bucket's entries: the chain ends at `noSlot`.
        while slot != Self.noSlot {
            best = Swift.min(best, pool[Int(slot)].entry.time)
            slot = pool[Int(slot)].next
        }
        return best
    }

    /// Appends an entry to its bucket. The caller keeps every key within `span` of the others.
    @inlinable mutating func insert(_ entry: Entry) {
        makeUnique()
        let key = Self.key(of: entry.time)
        let bucket = Int(key & Self.mask)
        let slot: Int32
        if freeSlot != Self.noSlot {
            slot = freeSlot
            freeSlot = pool[Int(slot)].next
        } else {
            if poolCount == poolCapacity { growPool() }
            precondition(poolCount < Int(Int32.max), "a timing wheel of at most 2^31 entries")
            slot = Int32(poolCount)
            poolCount += 1
        }
        (pool + Int(slot)).initialize(to: Slot(entry: entry, next: Self.noSlot))
        let tail = buckets[bucket].tail
        if tail == Self.noSlot {
            buckets[bucket] = (slot, slot)
            occupiedWords[bucket >> 6] |= 1 << UInt64(bucket & 63)
        } else {
            pool[Int(tail)].next = slot
            buckets[bucket].tail = slot
        }
        count += 1
        if key < earliest { earliest = key }
    }

    /// Removes the first entry of the earliest bucket.
    @inlinable mutating func removeFirst() -> Entry {
        precondition(count > 0, "removeFirst on an empty timing wheel")
        makeUnique()
        let bucket = Int(earliest & Self.mask)
        let slot = buckets[bucket].head
        let entry = pool[Int(slot)].entry
        let next = pool[Int(slot)].next
        pool[Int(slot)].next = freeSlot
        freeSlot = slot
        count -= 1
        if next == Self.noSlot {
            buckets[bucket] = (Self.noSlot, Self.noSlot)
            occupiedWords[bucket >> 6] &= ~(1 << UInt64(bucket & 63))
            if count == 0 { earliest = .max } else { earliest += Int64(distanceToNextOccupied(after: bucket)) }
        } else {
            buckets[bucket].head = next
        }
        return entry
    }

    /// Buckets from `bucket` forward (cyclically) to the next occupied one. Every key lies
    /// within one span of the one just removed, so the scan ends within one turn of the ring.
    @inlinable func distanceToNextOccupied(after bucket: Int) -> Int {
        let words = Self.wordCount
        var word = bucket >> 6
        // Bits above `bucket` in its own word first.
        let shift = UInt64(bucket & 63)
        let above = shift == 63 ? 0 : occupiedWords[word] & (~0 << (shift + 1))
        if above != 0 { return (word << 6 | above.trailingZeroBitCount) - bucket }
        // At most one turn of the ring: an occupied bucket always exists when this is called.
        for _ in 0..<words {
            word = (word + 1) & (words - 1)
            let bits = occupiedWords[word]
            guard bits != 0 else { continue }
            let position = word << 6 | bits.trailingZeroBitCount
            let distance = position - bucket
            return distance > 0 ? distance : distance + Int(Self.span)
        }
        preconditionFailure("timing wheel count \(count) but no occupied bucket")
    }
}

/// A timing wheel's pool entry: an event and the next slot of its bucket.
@usableFromInline
struct TimingWheelSlot<Payload: BitwiseCopyable> {
    @usableFromInline var entry: EventScheduler<Payload>.Entry
    @usableFromInline var next: Int32
    @inlinable init(entry: EventScheduler<Payload>.Entry, next: Int32) {
        self.entry = entry
        self.next = next
    }
}
