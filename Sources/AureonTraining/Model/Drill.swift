import AureonCluster
import AureonEngine
import AureonScenario

/// A training drill: a scenario (cluster, runs) with a goal. The trainee reads the briefing,
/// the injects break things, the objectives say what good handling looks like, hints help at a
/// price, and the debrief says what an expert would have done.
public struct Drill: Sendable {
    public var name: String
    public var title: String
    public var level: DrillLevel
    public var briefing: String
    /// The cluster and runs, in the scenario format (its `actions:` stay empty: a drill's
    /// disruptions are injects, and the trainee's actions are the attempt).
    public var scenario: Scenario
    public var timeLimit: VirtualDuration
    /// The score an attempt must reach (with every required objective met) to pass.
    public var passMark: Int
    public var injects: [Inject]
    public var objectives: [Objective]
    public var hints: [Hint]
    /// What an expert would have done, and why.
    public var debrief: String
    /// When set, the drill is passed by *not* acting: doing nothing is the right answer, and
    /// this says why (the shipped-drill tests then expect doing nothing to pass).
    public var patience: String?
    /// The file it came from, and a hash of its bytes (kept with each attempt).
    public var source: String
    public var fileHash: String

    /// The highest score an attempt can reach.
    public var maxScore: Int { objectives.reduce(0) { $0 + $1.points } }
}

/// How hard a drill is; drills are listed in this order.
public enum DrillLevel: String, Sendable, CaseIterable, Comparable {
    case beginner, intermediate, expert

    var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (lhs: DrillLevel, rhs: DrillLevel) -> Bool { lhs.rank < rhs.rank }
}

/// A disruption the drill causes: a fault or operator action (scenario vocabulary), at a
/// virtual time or when a condition first holds. Hidden from the trainee until it happens;
/// then its page (if any) is shown, as an alert would be.
public struct Inject: Sendable {
    public var name: String
    public var trigger: InjectTrigger
    public var action: OperatorAction
    /// What the trainee is told when it happens (a symptom, as a pager would say it).
    public var page: String?
    public var line: Int?
}

public enum InjectTrigger: Sendable, Equatable {
    case at(VirtualDuration)
    /// The run has settled at least this fraction of its current iteration's shards.
    case runProgress(RunID, fraction: Double)
    /// At least this many shards committed in all.
    case commits(Int)
    /// The named objective has been met.
    case objectiveMet(String)
}

/// A hint, released when the trainee has made no progress for `after` (or asks with `h`).
public struct Hint: Sendable {
    public var text: String
    public var after: VirtualDuration
    public var cost: Int
}
