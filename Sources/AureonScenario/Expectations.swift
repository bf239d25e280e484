import AureonEngine

/// The `expect:` block: what must hold when a headless run ends.
public struct Expectations: Sendable, Equatable {
    /// Every run complete by this virtual time (the liveness bound of invariant 5).
    public var allRunsCompleteBy: VirtualDuration?
    /// `invariants: hold` (the default) or `invariants: any` to only report them.
    public var invariantsHold = true
    public var minRedeliveries: Int?
    public var minResumedFromCheckpoint: Int?
    public var minStaleWritesRejected: Int?
    public var minDeadLettered: Int?
    public var maxDeadLettered: Int?
    public init() {}
}

/// One checked expectation, as reported in summaries.
public struct ExpectationResult: Sendable, Equatable {
    public let name: String
    public let passed: Bool
    public let detail: String
}
