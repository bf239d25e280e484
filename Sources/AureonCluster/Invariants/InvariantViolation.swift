import AureonEngine

/// One broken invariant, as found.
public struct InvariantViolation: Sendable, Equatable, CustomStringConvertible {
    /// The brief's invariants (§4). Raw values are the names `invariant_violated` events,
    /// summaries and the console print.
    public enum Rule: String, Sendable {
        case exactlyOnce = "exactly_once"
        case singleLease = "single_lease"
        case fencing
        case noLeaseWhenUnavailable = "no_lease_when_unavailable"
        case progressMonotonic = "progress_monotonic"
        case liveness
        /// Two runs of the same seed and actions diverged (`ReproducibilityCheck`).
        case reproducibility
    }
    public let time: VirtualTime
    public let rule: Rule
    public let detail: String
    /// The node and task the violation concerns, when it concerns one, so the
    /// `invariant_violated` event can name them.
    public let node: NodeID?
    public let task: TaskID?

    public init(time: VirtualTime, rule: Rule, detail: String, node: NodeID? = nil, task: TaskID? = nil) {
        self.time = time
        self.rule = rule
        self.detail = detail
        self.node = node
        self.task = task
    }

    /// A violation found in `event`, naming its node and task.
    init(_ rule: Rule, at event: EventRecord, names: RunNameTable, _ detail: String) {
        self.init(time: event.time, rule: rule, detail: detail, node: event.node, task: event.task.map(names.taskID(for:)))
    }

    public var description: String { "\(time) \(rule.rawValue): \(detail)" }
}

extension EventRecord {
    /// The task's printable name for violation details (built only when something is wrong).
    func taskName(_ names: RunNameTable) -> String { task.map { names.taskID(for: $0).description } ?? "an unnamed task" }
}
