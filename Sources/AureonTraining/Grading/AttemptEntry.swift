import AureonCluster
import AureonEngine

/// One performed action of an attempt, with who caused it: what the debrief's timeline lists.
public struct AttemptEntry: Sendable {
    public enum Actor: Sendable, Equatable {
        /// The drill's own runs being scheduled.
        case setup
        /// An inject (by name) going off.
        case inject(String)
        /// A hint released (by its position in the drill).
        case hint(Int)
        /// The trainee.
        case trainee
        /// An instructor (`--instructor`): a hand-made fault or an inject fired early.
        case instructor
    }
    public let time: VirtualTime
    public let actor: Actor
    public let action: OperatorAction
    /// What followed, until the next trainee action or inject: filled in as events arrive.
    public internal(set) var consequences = Consequences()
}

/// What followed an action: the costs the debrief puts next to it.
public struct Consequences: Sendable, Equatable {
    public internal(set) var leasesExpired = 0
    public internal(set) var redeliveries = 0
    public internal(set) var staleWrites = 0
    public internal(set) var deadLettered = 0
    /// Leases a node gave up on its own (its lease manager: deadline − lease_margin).
    public internal(set) var leasesAbandoned = 0
    /// Redelivered shards found already committed and acked without new work.
    public internal(set) var alreadyCommitted = 0

    public var isEmpty: Bool { self == Consequences() }
}
