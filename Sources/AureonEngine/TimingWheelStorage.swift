/// Owns a timing wheel's memory: the pool (reallocated as it grows), the buckets and the
/// bitmap. The wheel keeps its own copies of the pointers, so its hot paths read no class field.
/// Slots are plain data (the wheel's payload is `BitwiseCopyable`), so none is ever deinitialised.
@usableFromInline
final class TimingWheelStorage<Slot> {
    /// A bucket's first and last slot in the pool (together: one cache line per insert).
    @usableFromInline typealias Bucket = (head: Int32, tail: Int32)
    @usableFromInline var pool: UnsafeMutablePointer<Slot>
    @usableFromInline let buckets: UnsafeMutablePointer<Bucket>
    @usableFromInline let occupied: UnsafeMutablePointer<UInt64>
    @usableFromInline let bucketCount: Int
    @usableFromInline let wordCount: Int

    /// Allocates the memory and leaves it unwritten (for `init(…emptyBucket:)` and `copy`).
    @inlinable init(poolCapacity: Int, bucketCount: Int, wordCount: Int) {
        self.bucketCount = bucketCount
        self.wordCount = wordCount
        pool = .allocate(capacity: poolCapacity)
        buckets = .allocate(capacity: bucketCount)
        occupied = .allocate(capacity: wordCount)
    }

    /// An empty wheel's memory: every bucket empty, no bit set.
    @inlinable convenience init(poolCapacity: Int, bucketCount: Int, wordCount: Int, emptyBucket: Bucket) {
        self.init(poolCapacity: poolCapacity, bucketCount: bucketCount, wordCount: wordCount)
        buckets.initialize(repeating: emptyBucket, count: bucketCount)
        occupied.initialize(repeating: 0, count: wordCount)
    }

    /// A storage with the same contents: the first `poolCount` slots, every bucket and word.
    @inlinable func copy(poolCount: Int, poolCapacity: Int) -> TimingWheelStorage {
        let duplicate = TimingWheelStorage(poolCapacity: poolCapacity, bucketCount: bucketCount, wordCount: wordCount)
        duplicate.pool.initialize(from: pool, count: poolCount)
        duplicate.buckets.initialize(from: buckets, count: bucketCount)
        duplicate.occupied.initialize(from: occupied, count: wordCount)
        return duplicate
    }

    deinit {
        // Slots, buckets and words are plain data: nothing to deinitialise.
        pool.deallocate()
        buckets.deallocate()
        occupied.deallocate()
    }
}
