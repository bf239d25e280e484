import AureonCluster

/// A node process as the database knows it: its name and the incarnation it joined as. A
/// restarted node is a new incarnation; a fenced incarnation can lease and write nothing.
public struct NodeIdentity: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let incarnation: Int

    public init(name: String, incarnation: Int) {
        self.name = name
        self.incarnation = incarnation
    }

    public var description: String { "\(name)#\(incarnation)" }
}

/// One shard to enqueue: its key, the node it is placed on (nil: any), and its synthetic work.
public struct ShardSpec: Sendable, Equatable {
    public let key: String
    public let placement: String?
    public let workMicros: Int64

    public init(key: String, placement: String?, workMicros: Int64) {
        self.key = key
        self.placement = placement
        self.workMicros = workMicros
    }
}

/// A shard a node holds: every write about it carries `epoch`, the fencing token.
public struct LeasedShard: Sendable, Equatable {
    public let id: Int64
    public let runID: Int64
    public let key: String
    public let placement: String?
    public let holder: NodeIdentity
    public let epoch: Int64
    public let receiveCount: Int
    public let workMicros: Int64
    /// Work already done by earlier holders, from the latest checkpoint: resume from here.
    public let progressMicros: Int64
}

/// What a fenced write reports: applied, or refused because the writer's epoch is stale.
public enum WriteOutcome: Sendable, Equatable {
    case applied
    case fenced
}

/// What a nack did with the shard.
public enum NackOutcome: Sendable, Equatable {
    case requeued
    case deadLettered
    case fenced
}

/// Where the shards of a run stand, counted in the database.
public struct ShardCounts: Sendable, Equatable {
    public var open = 0
    public var committed = 0
    public var deadLettered = 0

    public init(open: Int = 0, committed: Int = 0, deadLettered: Int = 0) {
        self.open = open
        self.committed = committed
        self.deadLettered = deadLettered
    }
}

/// A node as the coordinator sees it in the database: health and silence so far.
public struct LiveNodeStatus: Sendable, Equatable {
    public let node: NodeIdentity
    public let health: NodeHealth
    public let silenceMicros: Int64
}
