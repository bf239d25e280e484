import AureonEngine

/// What a component asks the simulation to do after one of its methods ran. Components never
/// touch each other's state: they return effects, and `ClusterSimulation` routes them.
///
/// The network effects (`send`) cross the messenger; the local ones connect the central
/// services that run together (coordinator, recovery, supervisor, queue), in the same instant.
///
/// Plain data on purpose (checked by a test): an effect is copied into the sink, out of it
/// and into the network, several times per engine event, and a payload with a reference in it
/// (a string, an array) would make every one of those copies retain, release and switch over
/// the cases. What does not fit plain data sits beside the effects in the sink: event details
/// (which may carry text) by index, and the grants of a pull response as a span. Messages sit
/// beside them too, by index, though they are plain data: the largest message sets an enum's
/// size, so with messages inline every effect copied that much and switched over a nest of
/// payload tags (routing went from 155 to 112 M instructions on W1 when they moved out).
enum Effect: Sendable {
    /// An event; `detail` indexes ``EffectSink/details``.
    case emit(EventKind, node: NodeID?, task: TaskRef?, runSlot: Int32, detail: Int32)
    /// A message, by its index in the sink (``EffectSink/outgoing(_:)``); a lease grant's
    /// `grants` span indexes ``EffectSink/grants``.
    case send(Int32)
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
    /// The effects of this pass are `storage[0..<count]`; later slots hold spent effects that
    /// the next pass overwrites (plain data: nothing to release, and clearing costs nothing).
    private var storage: [Effect] = []
    private(set) var count = 0
    /// The details of the `emit` effects, in order; like `storage`, reused past `detailCount`.
    private var detailStorage: [EventDetail] = []
    private var detailCount = 0
    /// The messages of the `send` effects, in order; like `storage`, reused past `outgoingCount`.
    private var outgoingStorage: [OutgoingMessage] = []
    private var outgoingCount = 0
    /// The grants of the `leaseGrant` messages being sent, each message's as one span; like
    /// `storage`, reused past `grantCount` (emptying an array for every pass that granted
    /// was a generic `replaceSubrange` call, about 85 instructions).
    private var grantStorage: [LeaseGrant] = []
    private var grantCount = 0

    init() {
        storage.reserveCapacity(64)
        detailStorage.reserveCapacity(64)
        outgoingStorage.reserveCapacity(64)
    }

    var isEmpty: Bool { count == 0 }
    subscript(index: Int) -> Effect {
        precondition(index < count, "effect \(index) of \(count)")
        return storage[index]
    }

    /// Moves out the detail an `emit` effect names, leaving `.none` in its place: each is read
    /// once, and a move costs no copy (a copy of an `EventDetail` goes through its value
    /// witness, since some cases carry text: about 65 instructions per event on W1).
    mutating func takeDetail(_ index: Int32) -> EventDetail {
        precondition(Int(index) < detailCount, "detail \(index) of \(detailCount)")
        var taken = EventDetail.none
        swap(&taken, &detailStorage[Int(index)])
        return taken
    }

    @inline(__always)
    private mutating func push(_ effect: Effect) {
        if count < storage.count { storage[count] = effect } else { storage.append(effect) }
        count += 1
    }

    @inline(__always)
    mutating func emit(_ kind: EventKind, node: NodeID? = nil, task: TaskRef? = nil, runSlot: Int32 = -1, detail: EventDetail = .none) {
        push(.emit(kind, node: node, task: task, runSlot: task?.runSlot ?? runSlot, detail: Int32(detailCount)))
        if detailCount < detailStorage.count { detailStorage[detailCount] = detail } else { detailStorage.append(detail) }
        detailCount += 1
    }

    /// The message a `send` effect names.
    func outgoing(_ index: Int32) -> OutgoingMessage {
        precondition(Int(index) < outgoingCount, "message \(index) of \(outgoingCount)")
        return outgoingStorage[Int(index)]
    }

    @inline(__always)
    mutating func send(_ message: NetworkMessage, from: Endpoint, to: Endpoint) {
        push(.send(Int32(outgoingCount)))
        let outgoing = OutgoingMessage(message: message, from: from, to: to)
        if outgoingCount < outgoingStorage.count { outgoingStorage[outgoingCount] = outgoing } else { outgoingStorage.append(outgoing) }
        outgoingCount += 1
    }

    /// Starts the grants of a pull response: append them with ``grant(_:)``, then send the
    /// response with the span ``grantSpan(since:)`` returns.
    var grantMark: Int { grantCount }

    @inline(__always)
    mutating func grant(_ grant: LeaseGrant) {
        if grantCount < grantStorage.count { grantStorage[grantCount] = grant } else { grantStorage.append(grant) }
        grantCount += 1
    }

    /// The grants appended since `mark`.
    func grantSpan(since mark: Int) -> GrantSpan { GrantSpan(start: Int32(mark), count: Int32(grantCount - mark)) }

    /// The grants a span of this sink names.
    func grants(in span: GrantSpan) -> ArraySlice<LeaseGrant> {
        precondition(span.start >= 0 && Int(span.start + span.count) <= grantCount, "grants \(span) of \(grantCount)")
        return grantStorage[Int(span.start)..<Int(span.start + span.count)]
    }

    @inline(__always)
    mutating func arm(_ timer: SimulationEvent, at time: VirtualTime) { push(.arm(timer, at: time)) }

    @inline(__always)
    mutating func append(_ effect: Effect) {
        if case .emit = effect { preconditionFailure("events go through emit(_:node:task:runSlot:detail:)") }
        push(effect)
    }

    /// Bound on effects produced by one routing pass: a feedback loop fails loudly.
    static let passLimit = 10_000_000

    /// Ends a pass. Details are moved out as they are routed; one left unread keeps its text
    /// until overwritten: at most one pass's worth.
    mutating func removeAll() {
        count = 0
        detailCount = 0
        outgoingCount = 0
        grantCount = 0
    }
}

/// A message on its way into the network, with its ends.
struct OutgoingMessage: Sendable {
    let message: NetworkMessage
    let from: Endpoint
    let to: Endpoint
}
