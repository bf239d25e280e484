/// A first-in, first-out list of ready-list entries: an array read from a moving head.
///
/// Why not `Deque`: the queue appends to two of these and pops from one per message moved,
/// and the general ring buffer's handle and wrap-around bookkeeping made each append cost a
/// few hundred instructions on the benchmarks. Entries here only ever join at the back and
/// leave at the front, so a plain array with a head index does; the consumed prefix is
/// dropped once it is half the array, which keeps appends and pops O(1) amortised and the
/// memory within twice the live entries.
struct ReadyFIFO<Element>: Sequence {
    private var items = ContiguousArray<Element>()
    private var head = 0

    init() {}

    init(_ elements: some Sequence<Element>) { items = ContiguousArray(elements) }

    /// Entries not yet popped.
    var count: Int { items.count - head }

    @inline(__always)
    mutating func append(_ element: Element) { items.append(element) }

    /// The newest entry.
    var last: Element? { head < items.count ? items[items.count - 1] : nil }

    /// The entry `popFirst` would return, left in place.
    @inline(__always)
    var first: Element? { head < items.count ? items[head] : nil }

    @inline(__always)
    mutating func popFirst() -> Element? {
        guard head < items.count else { return nil }
        let element = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1_024, head * 2 >= items.count {
            items.removeSubrange(0..<head)
            head = 0
        }
        return element
    }

    mutating func reserveCapacity(_ capacity: Int) { items.reserveCapacity(head + capacity) }

    func makeIterator() -> ArraySlice<Element>.Iterator { ArraySlice(items[head...]).makeIterator() }
}

extension ReadyFIFO: Sendable where Element: Sendable {}
