/// A contiguous range of fuzzer seeds, `first` and the `count` seeds after it: what a campaign
/// runs, what a shard of it runs, and what one worker request runs.
public struct SeedRange: Equatable, Sendable, CustomStringConvertible {
    public let first: UInt64
    public let count: UInt64

    /// `count` seeds from `first`; the last one must fit in a `UInt64`.
    public init(first: UInt64, count: UInt64) {
        precondition(count == 0 || first <= UInt64.max - (count - 1), "the seed range runs past the largest seed")
        self.first = first
        self.count = count
    }

    public var isEmpty: Bool { count == 0 }

    /// The seeds in order.
    public var seeds: LazyMapSequence<Range<UInt64>, UInt64> { (0..<count).lazy.map { first + $0 } }

    /// Part `index` (counting from 0) of the range cut into `parts` contiguous parts whose
    /// sizes differ by at most one. A pure function of its arguments: every machine that runs
    /// "part K of N" of a campaign runs the same seeds, the parts are disjoint, and together
    /// they are the whole range (a part may be empty when there are more parts than seeds).
    public func shard(_ index: Int, of parts: Int) -> SeedRange {
        precondition(parts > 0 && (0..<parts).contains(index), "shard index out of range")
        let lower = boundary(index, of: parts), upper = boundary(index + 1, of: parts)
        return SeedRange(first: first + lower, count: upper - lower)
    }

    /// `size`-seed pieces, the last one shorter: the requests a worker pool hands out.
    public func chunkCount(of size: UInt64) -> Int {
        precondition(size > 0, "chunks hold at least one seed")
        return Int(count / size + (count % size == 0 ? 0 : 1))
    }

    /// Chunk `index` of ``chunkCount(of:)``.
    public func chunk(_ index: Int, of size: UInt64) -> SeedRange {
        let offset = UInt64(index) * size
        precondition(offset < count, "chunk index out of range")
        return SeedRange(first: first + offset, count: min(size, count - offset))
    }

    public var description: String { count == 0 ? "no seeds" : "\(first)…\(first + (count - 1))" }

    /// `count × index / parts` rounded down, without overflow for any 64-bit count.
    private func boundary(_ index: Int, of parts: Int) -> UInt64 {
        let product = count.multipliedFullWidth(by: UInt64(index))
        return UInt64(parts).dividingFullWidth(product).quotient
    }
}
