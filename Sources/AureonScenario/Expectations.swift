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
    /// Scheduled runs and actions the simulation may refuse (a total outage, a drain of a
    /// killed node). 0 by default: a refusal nobody expected fails the run; nil (the fuzzer,
    /// whose random schedules are refused often) does not check.
    public var refusedRuns: Int? = 0
    public init() {}
}

/// One checked expectation, as reported in summaries.
public struct ExpectationResult: Sendable, Equatable {
    public let name: String
    public let passed: Bool
    public let detail: String

    /// Public for live runs, which judge the same expectations over a real history.
    public init(name: String, passed: Bool, detail: String) {
        self.name = name
        self.passed = passed
        self.detail = detail
    }
}
