/// The simulation's only source of randomness: xoshiro256** seeded through SplitMix64.
///
/// Swift's `SystemRandomNumberGenerator` cannot be seeded, so a history drawn from it could
/// never be replayed. This generator is a value type: copying it forks the stream, which the
/// cluster uses to give each concern its own independent stream.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var mixer = SplitMix64(state: seed)
        s0 = mixer.next(); s1 = mixer.next(); s2 = mixer.next(); s3 = mixer.next()
        // xoshiro must not start from the all-zero state; SplitMix64 never yields four zeros,
        // but the postcondition is cheap to keep honest.
        precondition(s0 | s1 | s2 | s3 != 0, "xoshiro256** state must not be all zero")
    }

    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        return result
    }

    /// A uniform double in [0, 1) from the top 53 bits.
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// True with the given probability (clamped to [0, 1]).
    public mutating func chance(_ probability: Double) -> Bool {
        if probability <= 0 { return false }
        if probability >= 1 { return true }
        return nextUnit() < probability
    }

    /// A uniform integer in `0..<bound` without modulo bias: Lemire's multiply-and-reject,
    /// written here rather than taken from the standard library's `random(in:using:)`, whose
    /// algorithm (and so every history drawn through it) may change between toolchains.
    public mutating func below(_ bound: UInt64) -> UInt64 {
        precondition(bound > 0, "below(_:) needs a positive bound")
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            // Each retry succeeds with probability > ½: bounded in expectation, and in
            // practice; the limit only guards a broken generator.
            var attempts = 0
            while product.low < threshold {
                attempts += 1
                precondition(attempts < 1_000, "rejection sampling did not terminate")
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// A uniform integer in `range`.
    public mutating func integer(in range: ClosedRange<Int64>) -> Int64 {
        let span = UInt64(bitPattern: range.upperBound &- range.lowerBound)
        if span == .max { return Int64(bitPattern: next()) }
        return range.lowerBound &+ Int64(bitPattern: below(span + 1))
    }

    /// A uniform index in `0..<count`; `count` must be positive.
    public mutating func index(below count: Int) -> Int {
        precondition(count > 0, "index(below:) needs a positive count")
        return Int(below(UInt64(count)))
    }

    @inline(__always) private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

/// SplitMix64: seeds xoshiro and hashes keys into independent per-item draws.
public struct SplitMix64: Sendable {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// The SplitMix64 finaliser: a stateless, well-distributed 64-bit mix of one value.
    @inline(__always) public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
