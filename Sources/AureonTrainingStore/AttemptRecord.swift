/// One drill attempt as kept in the database.
public struct AttemptRecord: Sendable, Equatable {
    public var trainee: String
    public var drill: String
    /// Which version of the drill file (FNV-1a of its bytes).
    public var drillHash: String
    public var seed: UInt64
    /// Wall-clock start, ISO 8601 UTC (the only wall time in a drill: when it was sat).
    public var startedAt: String
    public var durationVirtualSeconds: Double
    public var score: Int
    public var maxScore: Int
    public var passed: Bool
    public var hintsUsed: Int
    public var recordingPath: String?
    public var recordingHash: String?
    public var traceHash: String
    /// An instructor fired injects or added faults by hand (`--instructor`).
    public var instructorAssisted: Bool

    public init(trainee: String, drill: String, drillHash: String, seed: UInt64, startedAt: String, durationVirtualSeconds: Double,
                score: Int, maxScore: Int, passed: Bool, hintsUsed: Int, recordingPath: String?, recordingHash: String?,
                traceHash: String, instructorAssisted: Bool) {
        self.trainee = trainee
        self.drill = drill
        self.drillHash = drillHash
        self.seed = seed
        self.startedAt = startedAt
        self.durationVirtualSeconds = durationVirtualSeconds
        self.score = score
        self.maxScore = maxScore
        self.passed = passed
        self.hintsUsed = hintsUsed
        self.recordingPath = recordingPath
        self.recordingHash = recordingHash
        self.traceHash = traceHash
        self.instructorAssisted = instructorAssisted
    }
}

/// A row of `drill history`: one drill and trainee.
public struct AttemptSummary: Sendable, Equatable {
    public let drill: String
    public let trainee: String
    public let best: Int
    public let last: Int
    public let attempts: Int
    public let passes: Int
    public var passRate: Double { attempts == 0 ? 0 : Double(passes) / Double(attempts) }
}
