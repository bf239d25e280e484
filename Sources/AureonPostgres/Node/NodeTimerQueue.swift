import AureonCluster
import AureonEngine

/// The timers a live node's state machine armed, earliest first (ties in arming order, as the
/// simulation's scheduler breaks them). Timers are never cancelled: the orchestrator ignores
/// one that no longer concerns it, exactly as in the simulation.
struct NodeTimerQueue {
    private struct Entry {
        let time: VirtualTime
        let sequence: UInt64
        let timer: NodeTimer
        func precedes(_ other: Entry) -> Bool { (time, sequence) < (other.time, other.sequence) }
    }

    private var heap: [Entry] = []
    private var nextSequence: UInt64 = 0

    /// More pending timers than this is a feedback loop in the node (a few per slot is normal).
    static let limit = 1_000_000

    var count: Int { heap.count }
    var earliest: VirtualTime? { heap.first?.time }

    mutating func arm(_ timer: NodeTimer, at time: VirtualTime) {
        precondition(heap.count < Self.limit, "more than \(Self.limit) timers pending")
        heap.append(Entry(time: time, sequence: nextSequence, timer: timer))
        nextSequence += 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// The earliest timer due at `now`, removed; nil when none is.
    mutating func popDue(at now: VirtualTime) -> NodeTimer? {
        guard let first = heap.first, first.time <= now else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < heap.count, heap[left].precedes(heap[smallest]) { smallest = left }
                if right < heap.count, heap[right].precedes(heap[smallest]) { smallest = right }
                guard smallest != parent else { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return first.timer
    }
}
