import AureonCluster
import AureonEngine
import AureonScenario

/// The graded attempt: pass or fail, the score and its breakdown, every objective's status,
/// and the timeline of who did what (the `drill run --json` contract).
public struct DrillVerdict: Sendable {
    public struct ObjectiveResult: Sendable {
        public let name: String
        public let text: String
        public let required: Bool
        public let status: ObjectiveStatus
        public let points: Int
        public let penalty: Int
        public let detail: String
    }

    public let drill: String
    public let title: String
    public let trainee: String
    public let objectives: [ObjectiveResult]
    public let hintsUsed: Int
    public let hintCost: Int
    public let deductions: Int
    public let earned: Int
    public let maxScore: Int
    public let passMark: Int
    public let durationVirtualSeconds: Double
    public let traceHash: String
    public let instructorAssisted: Bool
    public let timeline: [AttemptEntry]
    public let debrief: String
    let naming: NodeNaming

    public init(drill: Drill, trainee: String, tracker: ObjectiveTracker, simulation: ClusterSimulation) {
        self.drill = drill.name
        title = drill.title
        self.trainee = trainee
        objectives = drill.objectives.enumerated().map { index, objective in
            ObjectiveResult(name: objective.name, text: objective.text, required: objective.required, status: tracker.statuses[index],
                            points: objective.points, penalty: objective.penalty, detail: tracker.details[index])
        }
        hintsUsed = tracker.hintsUsed.count
        hintCost = tracker.hintsUsed.reduce(0) { $0 + drill.hints[$1].cost }
        deductions = objectives.reduce(0) { $0 + ($1.status == .failed ? $1.penalty : 0) }
        earned = objectives.reduce(0) { $0 + ($1.status == .met ? $1.points : 0) }
        maxScore = drill.maxScore
        passMark = drill.passMark
        durationVirtualSeconds = simulation.now.seconds
        traceHash = simulation.traceHash.hexDigest
        instructorAssisted = tracker.instructorActed
        timeline = tracker.entries.filter { $0.actor != .setup }
        debrief = drill.debrief
        naming = simulation.naming
    }

    /// Points earned less hint costs and deductions, never below zero.
    public var score: Int { max(0, earned - hintCost - deductions) }
    /// Every required objective met, and the score at or above the pass mark.
    public var passed: Bool { objectives.allSatisfy { !$0.required || $0.status == .met } && score >= passMark }

    public var json: String {
        JSONText.object([
            ("drill", JSONText.string(drill)),
            ("trainee", JSONText.string(trainee)),
            ("passed", String(passed)),
            ("score", String(score)),
            ("max_score", String(maxScore)),
            ("objectives", JSONText.array(objectives.map { result in
                JSONText.object([
                    ("name", JSONText.string(result.name)), ("required", String(result.required)),
                    ("status", JSONText.string(result.status.rawValue)), ("points", String(result.points)),
                    ("detail", JSONText.string(result.detail)),
                ])
            })),
            ("hints_used", String(hintsUsed)),
            ("duration_virtual_seconds", JSONText.number(durationVirtualSeconds)),
            ("trace_hash", JSONText.string(traceHash)),
        ])
    }

    /// The one-line mark of an objective's status.
    public static func mark(_ status: ObjectiveStatus, unicode: Bool = true) -> String {
        switch status {
        case .met: unicode ? "✓" : "+"
        case .failed: unicode ? "✗" : "x"
        case .open: unicode ? "…" : "."
        }
    }

    /// The score line: earned, hint costs, deductions.
    public var scoreLine: String {
        "score \(score)/\(maxScore) (pass mark \(passMark)): \(earned) earned − \(hintCost) for \(hintsUsed) hints − \(deductions) deductions"
    }

    /// One line per trainee action and inject, with what followed it.
    public var timelineLines: [String] {
        timeline.map { entry in
            let who: String = switch entry.actor {
            case let .inject(name): "inject \(name)"
            case let .hint(index): "hint \(index + 1)"
            case .trainee: "you"
            case .instructor: "instructor"
            case .setup: "setup"
            }
            var what = ActionText.describe(entry.action, naming: naming)
            if case .hint = entry.actor, case let .say(text) = entry.action { what = text.drop { $0 != ":" }.dropFirst(2).description }
            var line = "\(entry.time)  \(who): \(what)"
            let c = entry.consequences
            if !c.isEmpty {
                line += " → \(c.leasesExpired) leases expired, \(c.redeliveries) redelivered, \(c.staleWrites) stale writes"
                if c.deadLettered > 0 { line += ", \(c.deadLettered) dead-lettered" }
                if c.leasesAbandoned > 0 { line += ", \(c.leasesAbandoned) abandoned by their node" }
                if c.alreadyCommitted > 0 { line += ", \(c.alreadyCommitted) already committed" }
            }
            return line
        }
    }

    /// The human form (`drill run` without `--json`).
    public var text: String {
        var lines = ["drill \(drill) — \(title) · trainee \(trainee)"]
        for result in objectives {
            lines.append("  \(Self.mark(result.status)) \(result.text) [\(result.required ? "required" : "optional"), \(result.points) pts] — \(result.detail)")
        }
        lines.append(scoreLine)
        if !timeline.isEmpty {
            lines.append("timeline:")
            lines += timelineLines.prefix(40).map { "  " + $0 }
        }
        lines.append("trace hash \(traceHash) · \(JSONText.number(durationVirtualSeconds)) s virtual\(instructorAssisted ? " · instructor-assisted" : "")")
        lines.append(passed ? "result: PASS" : "result: FAIL")
        return lines.joined(separator: "\n")
    }
}
