import AureonEngine

/// Something an operator (or a scenario, or a recording) does to the cluster at a virtual time.
public enum OperatorAction: Sendable, Equatable {
    case drain(NodeID)
    case resume(NodeID)
    case kill(NodeID)
    /// Kill this many healthy, live nodes picked by the seeded generator.
    case killRandom(Int)
    case restart(NodeID)
    /// Restart every killed node.
    case restartKilled
    case schedule(RunSpec)
    case rebalance
    /// Cut nodes off from the coordinator and the queue; heal after `duration` if given.
    case partition([NodeID], duration: VirtualDuration?)
    case heal([NodeID])
    case slow(NodeID, factor: Double, duration: VirtualDuration?)
    case flaky(NodeID, probability: Double, duration: VirtualDuration?)
    case checkpointFailures(NodeID, probability: Double, duration: VirtualDuration?)
    /// Drop each message on `plane` with this probability.
    case messageLoss(probability: Double, plane: NetworkPlane, duration: VirtualDuration?)
    /// Add this much latency to every message on `plane`.
    case messageDelay(VirtualDuration, plane: NetworkPlane, duration: VirtualDuration?)
    /// The node's clock runs `offset` behind: it renews its leases that much late, so a large
    /// enough skew lets leases expire under it — and fencing rejects what it writes afterwards.
    case clockSkew(NodeID, offset: VirtualDuration, duration: VirtualDuration?)
    /// Seeded chaos: draw faults at this many per virtual minute (0 turns it off).
    case chaos(faultsPerMinute: Double)
    /// End every fault at once: heal partitions, restart killed nodes, resume drained ones,
    /// clear node and message faults, stop chaos. The start of a fuzz run's quiet period.
    case quiesce
    /// A caption for presenters (shown in the console, printed by headless runs).
    case say(String)

    /// The scenario/recording keyword for this action.
    public var keyword: String {
        switch self {
        case .drain: "drain"
        case .resume: "resume"
        case .kill: "kill"
        case .killRandom: "kill_random"
        case .restart, .restartKilled: "restart"
        case .schedule: "schedule"
        case .rebalance: "rebalance"
        case .partition: "partition"
        case .heal: "heal"
        case .slow: "slow"
        case .flaky: "flaky"
        case .checkpointFailures: "checkpoint_failures"
        case .messageLoss: "message_loss"
        case .messageDelay: "message_delay"
        case .clockSkew: "clock_skew"
        case .chaos: "chaos"
        case .quiesce: "quiesce"
        case .say: "say"
        }
    }
}

/// An action that was attempted, where in the history, and by whom: the unit of recordings.
///
/// `afterEvents` pins an interactive action between two engine events exactly, even when it
/// shares its virtual time with events that ran after it (stepping while paused). Failed
/// attempts are kept too: a refused `schedule` still leaves a `run_refused` event behind.
public struct PerformedAction: Sendable, Equatable {
    public enum Origin: String, Sendable {
        /// Put on the engine's timeline in advance (scenario actions): replayed the same way.
        case scheduled
        /// Applied between engine events by an operator (console, API).
        case interactive
    }
    public let time: VirtualTime
    public let afterEvents: Int
    public let origin: Origin
    public let action: OperatorAction

    public init(time: VirtualTime, afterEvents: Int, origin: Origin, action: OperatorAction) {
        self.time = time
        self.afterEvents = afterEvents
        self.origin = origin
        self.action = action
    }
}

/// Why an action could not be carried out. One line for the operator.
public struct ActionError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
