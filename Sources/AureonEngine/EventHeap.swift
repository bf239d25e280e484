/// A binary min-heap of scheduled events keyed by (time, sequence).
///
/// swift-collections' `Heap` is a min-max heap: it pays for a `max` the engine never asks
/// for, and profiles of the benchmark workloads put its sift-down at a tenth of all
/// instructions. This heap does one thing — pop the earliest — with Floyd's bottom-up
/// sift-down (walk the hole to a leaf along smaller children, then bubble the last element up),
/// which halves the comparisons of the textbook version.
@usableFromInline
struct EventHeap<Payload: BitwiseCopyable> {
    @usableFromInline var storage: ContiguousArray<EventScheduler<Payload>.Entry> = []

    @inlinable init() {}

    @inlinable var count: Int { storage.count }
    @inlinable var isEmpty: Bool { storage.isEmpty }
    @inlinable var min: EventScheduler<Payload>.Entry? { storage.first }

    @inlinable mutating func insert(_ entry: EventScheduler<Payload>.Entry) {
        storage.append(entry)
        siftUp(from: storage.count - 1)
    }

    @inlinable mutating func removeMin() -> EventScheduler<Payload>.Entry {
        precondition(!storage.isEmpty, "removeMin on an empty heap")
        let last = storage.removeLast()
        guard !storage.isEmpty else { return last }
        // One uniqueness check for the whole sift instead of one per element write.
        return storage.withUnsafeMutableBufferPointer { heap in
            let first = heap[0]
            // Walk the hole from the root to a leaf, always towards the smaller child.
            var hole = 0
            let count = heap.count
            while true {
                let left = 2 * hole + 1
                guard left < count else { break }
                let right = left + 1
                let child = right < count && heap[right] < heap[left] ? right : left
                heap[hole] = heap[child]
                hole = child
            }
            Self.siftUp(last, from: hole, in: heap)
            return first
        }
    }

    @inlinable mutating func siftUp(from index: Int) {
        storage.withUnsafeMutableBufferPointer { heap in Self.siftUp(heap[index], from: index, in: heap) }
    }

    /// Places `entry` at `index` or above, moving larger parents down.
    @inlinable static func siftUp(
        _ entry: EventScheduler<Payload>.Entry, from index: Int, in heap: UnsafeMutableBufferPointer<EventScheduler<Payload>.Entry>
    ) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard entry < heap[parent] else { break }
            heap[child] = heap[parent]
            child = parent
        }
        heap[child] = entry
    }
}
