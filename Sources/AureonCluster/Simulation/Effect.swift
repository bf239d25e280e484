import AureonEngine

/// What a component asks the simulation to do after one of its methods ran. Components never
/// touch each other's state: they return effects, and `ClusterSimulation` routes them.
///
/// The network effects (`send`) cross the messenger; the local ones connect the central
/// services that run together (coordinator, recovery, supervisor, queue), in the same instant.
enum Effect: Sendable {
    case emit(EventKind, node: NodeID?, task: TaskRef?, runSlot: Int32, detail: EventDetail)
    case send(NetworkMessage, from: Endpoint, to: Endpoint)
    case arm(SimulationEvent, at: VirtualTime)
    /// Queue → supervisor: a shard of an iteration is committed or dead-lettered.
    case settled(TaskRef, committed: Bool)
    /// Queue → supervisor: where a shard is, for the run's shard map.
    case shardState(TaskRef, ShardState, owner: Int32)
    /// Coordinator → queue: refuse this incarnation (and older) from now on.
    case fence(NodeID, incarnation: Int)
    /// Coordinator → queue: serve this node no new leases (drain), or serve it again.
    case setDraining(NodeID, Bool)
    /// Coordinator → queue: move unstarted shards off nodes that cannot take them.
    case rebalance
    /// Supervisor → coordinator and queue: place and enqueue the next iteration of a run.
    case nextIteration(runSlot: Int)
}

/// A reusable, append-only list of effects (owned by the simulation, cleared after each
/// routing pass, so the hot path allocates nothing once it has grown).
struct EffectSink {
    private(set) var items: [Effect] = []

    init() { items.reserveCapacity(64) }

    var count: Int { items.count }
    subscript(index: Int) -> Effect { items[index] }

    @inline(__always)
    mutating func emit(_ kind: EventKind, node: NodeID? = nil, task: TaskRef? = nil, runSlot: Int32 = -1, detail: EventDetail = .none) {
        items.append(.emit(kind, node: node, task: task, runSlot: task?.runSlot ?? runSlot, detail: detail))
    }

    @inline(__always)
    mutating func send(_ message: NetworkMessage, from: Endpoint, to: Endpoint) { items.append(.send(message, from: from, to: to)) }

    @inline(__always)
    mutating func arm(_ timer: SimulationEvent, at time: VirtualTime) { items.append(.arm(timer, at: time)) }

    @inline(__always)
    mutating func append(_ effect: Effect) { items.append(effect) }

    /// Bound on effects produced by one routing pass: a feedback loop fails loudly.
    static let passLimit = 10_000_000

    mutating func removeAll() { items.removeAll(keepingCapacity: true) }
}
