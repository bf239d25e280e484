/// A stable 64-bit FNV-1a hash summarising a history.
///
/// Swift's `Hasher` is seeded per process, so it cannot summarise anything that must compare
/// equal across runs. This one folds whole 64-bit words (and string bytes) with the FNV-1a
/// prime: same inputs, same hash, in any process, on any day.
public struct TraceHasher: Sendable, Equatable {
    /// The version of the hash format: what goes into the hash, and how. Bumped whenever a
    /// history deliberately changes (new events, new fields, a changed model), so that an old
    /// recording's hash is recognised as of another format rather than as a diverging history.
    /// v1: the first model. v2: Core v2 — both planes on the network, the node's lease manager,
    /// enforced death, long-polling pulls, typed fault and message-loss details.
    public static let formatVersion = 2

    public private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01B3

    /// Plain FNV-1a from its offset basis (for stable names of things other than histories).
    public init() {}

    /// A history's hash: the offset basis folded with the format version, so hashes of
    /// different formats never coincide by accident.
    public static func history() -> TraceHasher {
        var hasher = TraceHasher()
        hasher.combine(UInt64(formatVersion))
        return hasher
    }

    @inline(__always) public mutating func combine(_ word: UInt64) {
        value = (value ^ word) &* Self.prime
    }

    @inline(__always) public mutating func combine(_ word: Int64) { combine(UInt64(bitPattern: word)) }
    @inline(__always) public mutating func combine(_ word: Int) { combine(UInt64(bitPattern: Int64(word))) }

    public mutating func combine(_ text: String) {
        // Native strings are contiguous UTF-8: hash straight from the buffer. Reading through
        // the view (not a mutable copy's `withUTF8`) skips a retain/release pair per call.
        let hashed: Void? = text.utf8.withContiguousStorageIfAvailable { combine(utf8: $0) }
        guard hashed == nil else { return }
        var hash = value
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* Self.prime }
        value = hash
        combine(UInt64(text.utf8.count))
    }

    /// Folds a string's UTF-8 bytes exactly as `combine(_: String)` folds the string (its bytes,
    /// then its length): callers that cache a name's bytes once hash it without the string.
    public mutating func combine(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        var hash = value
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* Self.prime }
        value = hash
        combine(UInt64(bytes.count))
    }

    /// Sixteen lower-case hex digits, the form reports and recordings carry.
    public var hexDigest: String { Self.hex(value) }

    public static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
