import AureonCluster
import AureonEngine
import AureonScenario

/// Two branches side by side, as the compare view shows them: each figure as the branch
/// stands at its furthest point, and where their histories part.
///
/// The simulation is deterministic, so two branches differ only from the first action one
/// took and the other did not (or took otherwise): that action is their first divergent event.
struct BranchComparison: Equatable {
    struct Row: Equatable {
        let label: String
        let left: String
        let right: String
    }

    let left: String
    let right: String
    let rows: [Row]
    /// "00:02:30.000 after 5123 events: branch-2 drain node-03, main nothing", or that they agree.
    let divergence: String

    init(_ a: Branch, _ b: Branch, workLost: (String) -> VirtualDuration?, naming: NodeNaming) {
        left = a.name
        right = b.name
        func row(_ label: String, _ value: (Branch) -> String) -> Row { Row(label: label, left: value(a), right: value(b)) }
        func lost(_ branch: Branch) -> String { workLost(branch.name).map { DurationFormat.compact($0) } ?? "not seen at its present" }
        rows = [
            row("fork point") { branch in branch.parent.map { "\(DurationFormat.clock(branch.fork.time)) from \($0)" } ?? "start" },
            row("committed") { "\($0.outcome.committed)/\($0.outcome.shardsScheduled)" },
            row("redeliveries") { "\($0.outcome.redeliveries)" },
            row("work-seconds lost", lost),
            row("dead-lettered") { "\($0.outcome.deadLettered)" },
            row("stale writes") { "\($0.outcome.staleWritesRejected)" },
            row("completion time") { $0.outcome.completedAt.map(DurationFormat.clock) ?? "not complete at \(DurationFormat.clock($0.end.time))" },
        ]
        divergence = Self.divergence(a, b, naming: naming)
    }

    private static func divergence(_ a: Branch, _ b: Branch, naming: NodeNaming) -> String {
        let shared = zip(a.actions, b.actions).prefix { $0 == $1 }.count
        let nextA = a.actions.dropFirst(shared).first, nextB = b.actions.dropFirst(shared).first
        guard let first = [nextA, nextB].compactMap({ $0 }).min(by: { HistoryPosition(of: $0) < HistoryPosition(of: $1) }) else {
            return "no divergence: the same actions on both"
        }
        let position = HistoryPosition(of: first)
        func taken(_ action: PerformedAction?) -> String {
            guard let action, HistoryPosition(of: action) == position else { return "nothing" }
            return describe(action.action, naming: naming)
        }
        return "\(DurationFormat.clock(position.time)) after \(position.eventCount) events: \(a.name) \(taken(nextA)), \(b.name) \(taken(nextB))"
    }

    /// The action's keyword and the node it names, if one.
    static func describe(_ action: OperatorAction, naming: NodeNaming) -> String {
        switch action {
        case let .drain(node), let .resume(node), let .kill(node), let .restart(node), let .slow(node, _, _), let .flaky(node, _, _),
             let .checkpointFailures(node, _, _), let .clockSkew(node, _, _):
            "\(action.keyword) \(naming.name(of: node))"
        case let .partition(nodes, _), let .heal(nodes):
            "\(action.keyword) \(nodes.map { naming.name(of: $0) }.joined(separator: ","))"
        case let .schedule(spec): "schedule \(spec.id)"
        default: action.keyword
        }
    }
}
