/// The least-loaded placeable nodes as a min-heap of (load, node index): what
/// `ClusterCoordinator.place` computes, kept alive across the several placements of one
/// rebalance.
///
/// Why: a rebalance after a mass failure places the backlog of every dead node in turn (a
/// thousand sources on the 10,000-node benchmark), and calling `place` for each rebuilt and
/// sorted the whole cluster every time: O(sources · n log n), a tenth of the run. Popping the
/// smallest (load, index) and pushing it back one higher hands out exactly the targets `place`
/// would (water-filling is that same order), and each placement then costs O(k log n).
/// Loads only ever go up here, which is all a rebalance does to its targets.
struct PlacementQueue {
    private var heap: [(load: Int, node: Int)]

    /// Every placeable node except `excluded`, at its current load (ready backlog + active tasks).
    init(placeable: [Bool], load readyCount: [Int], activeTasks: [Int], excluding excluded: Int?) {
        heap = []
        heap.reserveCapacity(placeable.count)
        for index in placeable.indices where placeable[index] && index != excluded {
            heap.append((readyCount[index] + activeTasks[index], index))
        }
        for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
    }

    var isEmpty: Bool { heap.isEmpty }

    /// Targets for `count` shards, the same sequence `ClusterCoordinator.place` returns; each
    /// target's load goes up by one per shard it receives.
    mutating func take(_ count: Int) -> [NodeID] {
        precondition(!heap.isEmpty, "no placeable node")
        var targets: [NodeID] = []
        targets.reserveCapacity(count)
        for _ in 0..<count {
            targets.append(NodeID(heap[0].node))
            heap[0].load += 1
            siftDown(0)
        }
        return targets
    }

    private static func less(_ a: (load: Int, node: Int), _ b: (load: Int, node: Int)) -> Bool {
        a.load != b.load ? a.load < b.load : a.node < b.node
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            let right = left + 1
            let child = right < heap.count && Self.less(heap[right], heap[left]) ? right : left
            guard Self.less(heap[child], heap[parent]) else { return }
            heap.swapAt(parent, child)
            parent = child
        }
    }
}
