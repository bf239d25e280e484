import AureonEngine

/// The inter-node messenger (the seed's `InterNodeMessenger`): decides whether and when a
/// message of either plane arrives. Latency is drawn from its own seeded stream; partitions
/// and the loss and delay faults (per plane) apply here, to every message alike — there is no
/// shortcut for the data plane when no fault is active.
public struct Messenger: Sendable {
    var random: SeededRandom
    public let latency: VirtualDuration
    public let jitter: VirtualDuration
    /// Probability that one message is lost (the `message_loss` fault), per plane.
    public internal(set) var controlLoss = 0.0
    public internal(set) var dataLoss = 0.0
    /// Extra delay added to every message (the `message_delay` fault), per plane.
    public internal(set) var controlDelay: VirtualDuration = .zero
    public internal(set) var dataDelay: VirtualDuration = .zero

    /// The loss fault in force on `plane`.
    public func loss(on plane: NetworkPlane) -> Double { plane == .data ? dataLoss : controlLoss }
    /// The delay fault in force on `plane`.
    public func delay(on plane: NetworkPlane) -> VirtualDuration { plane == .data ? dataDelay : controlDelay }

    /// The loss and delay levels of both planes, as a value.
    struct Levels: Sendable, Equatable {
        var controlLoss = 0.0, dataLoss = 0.0
        var controlDelay = VirtualDuration.zero, dataDelay = VirtualDuration.zero
    }

    var snapshot: Levels { Levels(controlLoss: controlLoss, dataLoss: dataLoss, controlDelay: controlDelay, dataDelay: dataDelay) }

    mutating func restoreLoss(_ levels: Levels) {
        controlLoss = levels.controlLoss
        dataLoss = levels.dataLoss
    }

    mutating func restoreDelay(_ levels: Levels) {
        controlDelay = levels.controlDelay
        dataDelay = levels.dataDelay
    }

    mutating func setLoss(_ probability: Double, on plane: NetworkPlane) {
        if plane.covers(.control) { controlLoss = probability }
        if plane.covers(.data) { dataLoss = probability }
    }

    mutating func setDelay(_ delay: VirtualDuration, on plane: NetworkPlane) {
        if plane.covers(.control) { controlDelay = delay }
        if plane.covers(.data) { dataDelay = delay }
    }

    /// Nodes cut off from the coordinator and the queue (the `partition` fault).
    public private(set) var isPartitioned: [Bool]

    init(seed: UInt64, latency: VirtualDuration, jitter: VirtualDuration, nodeCount: Int) {
        random = SeededRandom(seed: seed ^ 0x6D65_7373_656E_6765)  // "messenge": its own stream
        self.latency = latency
        self.jitter = jitter
        isPartitioned = Array(repeating: false, count: nodeCount)
    }

    mutating func setPartitioned(_ node: NodeID, _ partitioned: Bool) { isPartitioned[node.index] = partitioned }

    /// True when a partition separates the two ends (every message involves a node and a
    /// central service, so a partitioned node hears nothing and is heard by no one).
    func crossesPartition(from: Endpoint, to: Endpoint) -> Bool {
        if case let .node(sender) = from, isPartitioned[sender.index] { return true }
        if case let .node(recipient) = to, isPartitioned[recipient.index] { return true }
        return false
    }

    /// The delay until a message of `kind` arrives, or nil when it is lost or cut off.
    mutating func transit(_ kind: MessageKind, from: Endpoint, to: Endpoint) -> VirtualDuration? {
        transit(on: kind.plane, crossesPartition: crossesPartition(from: from, to: to))
    }

    /// The delay until delivery, or nil when the message is lost.
    mutating func transit(on plane: NetworkPlane, crossesPartition: Bool) -> VirtualDuration? {
        if crossesPartition || random.chance(loss(on: plane)) { return nil }
        let extra = jitter.microseconds > 0 ? random.integer(in: 0...jitter.microseconds) : 0
        return latency + delay(on: plane) + .microseconds(extra)
    }
}
