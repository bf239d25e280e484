import AureonEngine

/// The inter-node messenger (the seed's `InterNodeMessenger`): decides whether and when a
/// control message arrives. Latency is drawn from its own seeded stream; partitions and the
/// loss and delay faults apply here.
public struct Messenger: Sendable {
    private var random: SeededRandom
    public let latency: VirtualDuration
    public let jitter: VirtualDuration
    /// Probability that any one message is lost (the `message_loss` fault).
    public internal(set) var lossProbability = 0.0
    /// Extra delay added to every message (the `message_delay` fault).
    public internal(set) var extraDelay: VirtualDuration = .zero

    init(seed: UInt64, latency: VirtualDuration, jitter: VirtualDuration) {
        random = SeededRandom(seed: seed ^ 0x6D65_7373_656E_6765)  // "messenge": its own stream
        self.latency = latency
        self.jitter = jitter
    }

    /// The delay until delivery, or nil when the message is lost.
    mutating func transit(crossesPartition: Bool) -> VirtualDuration? {
        if crossesPartition || random.chance(lossProbability) { return nil }
        let extra = jitter.microseconds > 0 ? random.integer(in: 0...jitter.microseconds) : 0
        return latency + extraDelay + .microseconds(extra)
    }
}
