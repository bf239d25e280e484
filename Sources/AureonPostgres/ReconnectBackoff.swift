/// How a live process that lost its database tries again: the first retry soon (a restart
/// takes about a second), then doubling waits up to a ceiling, and no more tries once the
/// database has been unreachable for `giveUpSeconds` — then the process exits 3, since an
/// operator has to look (a node's leases have run out by then anyway).
public struct ReconnectBackoff: Sendable, Equatable {
    /// The wait before the first retry.
    public static let firstDelayMillis = 50
    /// The longest wait between two retries.
    public static let longestDelayMillis = 2_000
    /// How long a database may be unreachable before a process gives up, unless told otherwise.
    public static let defaultGiveUpSeconds = 60.0
    /// The bounds a `--give-up-after` flag accepts.
    public static let giveUpBounds = 0.1...86_400.0

    public let giveUpSeconds: Double

    public init(giveUpSeconds: Double = Self.defaultGiveUpSeconds) {
        self.giveUpSeconds = giveUpSeconds
    }

    /// The wait before retry number `attempt` (0 the first): 50 ms doubling to 2 s.
    public func delayMillis(beforeAttempt attempt: Int) -> Int {
        let doublings = min(max(0, attempt), 16)
        return min(Self.longestDelayMillis, Self.firstDelayMillis << doublings)
    }

    /// A bound on retries that the give-up time ends first (the waits are at least 50 ms).
    public var attemptLimit: Int { Int(giveUpSeconds * 1000) / Self.firstDelayMillis + 1 }
}
