import AureonEngine

/// The inter-node messenger (the seed's `InterNodeMessenger`): decides whether and when a
/// control message arrives. Latency is drawn from its own seeded stream; partitions and the
/// loss and delay faults apply here.
public struct Messenger: Sendable {
    private var random: SeededRandom
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

    mutating func setLoss(_ probability: Double, on plane: NetworkPlane) {
        if plane.covers(.control) { controlLoss = probability }
        if plane.covers(.data) { dataLoss = probability }
    }

    mutating func setDelay(_ delay: VirtualDuration, on plane: NetworkPlane) {
        if plane.covers(.control) { controlDelay = delay }
        if plane.covers(.data) { dataDelay = delay }
    }

    init(seed: UInt64, latency: VirtualDuration, jitter: VirtualDuration) {
        random = SeededRandom(seed: seed ^ 0x6D65_7373_656E_6765)  // "messenge": its own stream
        self.latency = latency
        self.jitter = jitter
    }

    /// The delay until delivery, or nil when the message is lost.
    mutating func transit(on plane: NetworkPlane, crossesPartition: Bool) -> VirtualDuration? {
        if crossesPartition || random.chance(loss(on: plane)) { return nil }
        let extra = jitter.microseconds > 0 ? random.integer(in: 0...jitter.microseconds) : 0
        return latency + delay(on: plane) + .microseconds(extra)
    }
}
