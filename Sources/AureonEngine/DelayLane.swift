/// Events armed a fixed delay after the instant they were scheduled: a FIFO, not a heap.
///
/// Why: a cluster's timers are mostly periodic with one interval per kind — every node's next
/// heartbeat is `heartbeat_interval` away, every parked pull's expiry `pull_wait` away. With
/// 100,000 nodes those timers fill a heap of hundreds of thousands of entries, and profiles put
/// its sift-down at a quarter of all instructions. An entry appended at `now + delay` is never
/// earlier than the one appended before it (the clock only moves forward) and has a larger
/// sequence number, so the lane is already in (time, sequence) order: append and pop are O(1),
/// and the scheduler merges the lanes' heads with the heap and the wheel by (time, sequence),
/// which keeps the order exactly that of one heap.
@usableFromInline
struct DelayLane<Payload: BitwiseCopyable> {
    @usableFromInline typealias Entry = EventScheduler<Payload>.Entry

    /// The delay this lane holds, in microseconds.
    @usableFromInline let delay: Int64
    /// Pending entries are `entries[head...]`; the spent prefix is dropped when it is most of
    /// the storage, so memory follows what is pending.
    @usableFromInline var entries = ContiguousArray<Entry>()
    @usableFromInline var head = 0

    @inlinable init(delay: Int64) {
        precondition(delay > 0, "a delay lane holds a positive delay")
        self.delay = delay
    }

    @inlinable var count: Int { entries.count - head }
    @inlinable var min: Entry? { head < entries.count ? entries[head] : nil }

    /// Appends an entry due `delay` after the instant it is scheduled at.
    @inlinable mutating func append(_ entry: Entry) {
        assert(head == entries.count || !(entry < entries[entries.count - 1]), "a lane stays in (time, sequence) order")
        entries.append(entry)
    }

    @inlinable mutating func removeMin() -> Entry {
        precondition(head < entries.count, "removeMin on an empty delay lane")
        let entry = entries[head]
        head += 1
        if head == entries.count {
            entries.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= Self.compactionThreshold, head * 2 >= entries.count {
            entries.removeFirst(head)
            head = 0
        }
        return entry
    }

    /// Spent entries kept before the prefix is dropped (amortises the move).
    @inlinable static var compactionThreshold: Int { 4_096 }
}
