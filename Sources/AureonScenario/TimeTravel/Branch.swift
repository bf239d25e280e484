import AureonCluster
import AureonEngine

/// One line of history: the actions that make it, where it left its parent, and how far it got.
///
/// A branch holds its full action list (what it inherited from its parent up to the fork, then
/// its own), so replaying it needs no other branch; the recording stores only its own part.
public struct Branch: Sendable {
    /// The branch every session starts on.
    public static let mainName = "main"

    public let name: String
    /// The branch it was forked from (nil for main).
    public let parent: String?
    /// Where it left the parent (the start of history for main).
    public let fork: HistoryPosition
    /// How many of the parent's actions it shares (the prefix of `actions`).
    public let inheritedActionCount: Int
    public internal(set) var actions: [PerformedAction]
    /// The furthest point of its history reached so far, and the trace hash there.
    public internal(set) var end: HistoryPosition
    public internal(set) var endTraceHash: String
    public internal(set) var outcome: BranchOutcome

    public init(name: String, parent: String?, fork: HistoryPosition, inheritedActionCount: Int, actions: [PerformedAction],
                end: HistoryPosition, endTraceHash: String, outcome: BranchOutcome = BranchOutcome()) {
        precondition(inheritedActionCount <= actions.count)
        self.name = name
        self.parent = parent
        self.fork = fork
        self.inheritedActionCount = inheritedActionCount
        self.actions = actions
        self.end = end
        self.endTraceHash = endTraceHash
        self.outcome = outcome
    }

    /// The actions taken on this branch itself, after the fork.
    public var ownActions: ArraySlice<PerformedAction> { actions[inheritedActionCount...] }

    /// Operator actions (the ones a replay applies; scheduled ones happen by themselves).
    var interactiveActions: [PerformedAction] { actions.filter { $0.origin == .interactive } }
}
