import AureonEngine

/// An `expect:` key: its descriptor, and how it writes `Expectations`.
public struct ExpectationKey: Sendable {
    public let descriptor: KeyDescriptor
    public let write: @Sendable (inout Expectations, VocabularyValue) -> Void

    public var name: String { descriptor.name }
}

/// The keys of a scenario's `expect:` block.
public enum ExpectationKeys {
    public static let all: [ExpectationKey] = [
        ExpectationKey(descriptor: KeyDescriptor("all_runs_complete_by", .duration(positive: true), "every run complete by this virtual time"),
                       write: { if case let .duration(v) = $1 { $0.allRunsCompleteBy = v } }),
        ExpectationKey(descriptor: KeyDescriptor("invariants", .choice(["hold", "any"]), "hold (default), or any to only report them"),
                       write: { if case let .text(v) = $1 { $0.invariantsHold = v == "hold" } }),
        count("min_redeliveries", "at least this many redeliveries") { $0.minRedeliveries = $1 },
        count("min_resumed_from_checkpoint", "at least this many resumes from a checkpoint") { $0.minResumedFromCheckpoint = $1 },
        count("min_stale_writes_rejected", "at least this many stale writes rejected") { $0.minStaleWritesRejected = $1 },
        count("min_dead_lettered", "at least this many dead-lettered shards") { $0.minDeadLettered = $1 },
        count("max_dead_lettered", "at most this many dead-lettered shards") { $0.maxDeadLettered = $1 },
        count("refused_runs", "exactly this many scheduled runs and actions refused by the simulation (default 0)") { $0.refusedRuns = $1 },
    ]

    /// Largest count an expectation may name.
    public static let maxCount = 1_000_000_000

    public static func named(_ name: String) -> ExpectationKey? { all.first { $0.name == name } }

    private static func count(_ name: String, _ doc: String, _ set: @escaping @Sendable (inout Expectations, Int) -> Void) -> ExpectationKey {
        ExpectationKey(descriptor: KeyDescriptor(name, .integer(0...maxCount), doc), write: { if case let .integer(v) = $1 { set(&$0, v) } })
    }
}
