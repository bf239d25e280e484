/// One row of the events table: what happened, to which node, incarnation and shard, under
/// which epoch. `kind` holds an `EventKind` raw value.
public struct LiveEvent: Sendable, Equatable {
    public let seq: Int64
    public let kind: String
    public let node: String?
    public let incarnation: Int?
    public let shard: Int64?
    public let epoch: Int64?
    public let progressMicros: Int64?
    public let detail: String?

    public init(seq: Int64, kind: String, node: String? = nil, incarnation: Int? = nil, shard: Int64? = nil,
                epoch: Int64? = nil, progressMicros: Int64? = nil, detail: String? = nil) {
        self.seq = seq
        self.kind = kind
        self.node = node
        self.incarnation = incarnation
        self.shard = shard
        self.epoch = epoch
        self.progressMicros = progressMicros
        self.detail = detail
    }
}

/// A real history to check after the fact: the shards that were scheduled and every event.
public struct LiveHistory: Sendable, Equatable {
    public var shards: [Int64]
    public var events: [LiveEvent]

    public init(shards: [Int64], events: [LiveEvent]) {
        self.shards = shards
        self.events = events
    }
}
