import AureonEngine

/// One broken invariant, as found.
public struct InvariantViolation: Sendable, Equatable, CustomStringConvertible {
    public enum Rule: String, Sendable {
        case exactlyOnce = "exactly_once"
        case singleLease = "single_lease"
        case fencing
        case noLeaseWhenUnavailable = "no_lease_when_unavailable"
        case progressMonotonic = "progress_monotonic"
        case liveness
        case reproducibility
    }
    public let time: VirtualTime
    public let rule: Rule
    public let detail: String
    public var description: String { "\(time) \(rule.rawValue): \(detail)" }
}

/// Placeholder while the event-fed checker is written (see the checker branch).
public struct InvariantChecker: Sendable {
    public private(set) var violations: [InvariantViolation] = []
    public private(set) var violationCount = 0
    public private(set) var duplicateCommits = 0
    public private(set) var staleWritesAccepted = 0
    public private(set) var lostShards = 0
    public static let retainedViolations = 100
    public init(configuration: ClusterConfiguration) {}
    public var holds: Bool { violationCount == 0 }
    public mutating func observe(_ event: ClusterEvent) -> [InvariantViolation] { [] }
    public mutating func checkLiveness(now: VirtualTime) -> [InvariantViolation] { [] }
}
