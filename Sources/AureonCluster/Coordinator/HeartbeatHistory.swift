import AureonEngine

/// The arrival times of a node's most recent heartbeats, in a fixed ring inside the node's
/// view: recording one costs no allocation and no move (an array trimmed at its front cost
/// 100,000 nodes half a million allocations in their first heartbeats).
public struct HeartbeatHistory: Sendable {
    /// Heartbeats kept (the node detail view draws this many).
    public static let limit = 16
    private var ring = InlineArray<16, VirtualTime>(repeating: .zero)
    /// Slot of the oldest kept arrival.
    private var start: UInt8 = 0
    public private(set) var count: UInt8 = 0

    public init() {}

    mutating func record(_ time: VirtualTime) {
        if Int(count) < Self.limit {
            ring[(Int(start) + Int(count)) % Self.limit] = time
            count += 1
        } else {
            ring[Int(start)] = time
            start = UInt8((Int(start) + 1) % Self.limit)
        }
        assert(Int(count) <= Self.limit, "postcondition: the ring holds at most its limit")
    }

    /// The kept arrival times, oldest first.
    public var times: [VirtualTime] { (0..<Int(count)).map { ring[(Int(start) + $0) % Self.limit] } }
}
