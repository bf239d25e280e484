/// `--shard K/N`: part K (counting from 0, like a Kubernetes Job's completion index) of a
/// campaign cut into N parts.
public struct ShardSpec: Equatable, Sendable {
    /// Most parts a campaign may be cut into (a bound on the input, far above any fleet).
    public static let maximumParts = 1_000_000

    public let index: Int
    public let parts: Int

    public init(index: Int, parts: Int) {
        precondition(parts > 0 && (0..<parts).contains(index), "shard index out of range")
        self.index = index
        self.parts = parts
    }

    /// Parses "K/N"; the problem is said naming the flag.
    public static func parse(_ text: String, flag: String = "--shard") -> Result<ShardSpec, InputError> {
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count == 2, let index = Int(pieces[0]), let parts = Int(pieces[1]) else {
            return .failure(InputError("\(flag) must be K/N, part K (from 0) of N parts, such as 0/4 (got '\(text)')"))
        }
        guard (1...maximumParts).contains(parts) else {
            return .failure(InputError("\(flag): N must be between 1 and \(maximumParts) (got \(parts))"))
        }
        guard (0..<parts).contains(index) else {
            return .failure(InputError("\(flag): K counts from 0 and must be below N, 0…\(parts - 1) (got \(index))"))
        }
        return .success(ShardSpec(index: index, parts: parts))
    }
}
