import AureonCluster

/// A node row as a watcher sees it: the database's `nodes` row plus what it holds now and has
/// committed so far (counted from the shards it owns).
public struct LiveNodeRow: Sendable, Equatable {
    public let name: String
    public let incarnation: Int
    public let health: NodeHealth
    /// Since the node was last heard, by the database's clock (the one every machine shares).
    public let silenceMicros: Int64
    public let pid: Int?
    public let host: String?
    /// Shards leased to this incarnation whose visibility has not run out.
    public let leases: Int
    /// Shards committed by any incarnation of this name.
    public let committed: Int

    public init(name: String, incarnation: Int, health: NodeHealth, silenceMicros: Int64, pid: Int?, host: String?,
                leases: Int, committed: Int) {
        self.name = name
        self.incarnation = incarnation
        self.health = health
        self.silenceMicros = silenceMicros
        self.pid = pid
        self.host = host
        self.leases = leases
        self.committed = committed
    }
}

/// A run and where its shards stand.
public struct LiveRunRow: Sendable, Equatable {
    public let id: Int64
    public let name: String
    public let ready: Int
    public let leased: Int
    public let committed: Int
    public let deadLettered: Int
    /// Shards delivered more than once (a holder died, was fenced or gave the shard back).
    public let redelivered: Int

    public init(id: Int64, name: String, ready: Int, leased: Int, committed: Int, deadLettered: Int, redelivered: Int) {
        self.id = id
        self.name = name
        self.ready = ready
        self.leased = leased
        self.committed = committed
        self.deadLettered = deadLettered
        self.redelivered = redelivered
    }

    public var total: Int { ready + leased + committed + deadLettered }
}

/// One read of a live cluster: every node, the newest runs, and the events after a sequence
/// number (the newest `limit` of them when more arrived; `newEvents` counts them all).
public struct LiveClusterSnapshot: Sendable, Equatable {
    public var nodes: [LiveNodeRow]
    public var runs: [LiveRunRow]
    public var events: [LiveEvent]
    /// Events after the sequence number asked for, including any not returned.
    public var newEvents: Int
    /// The newest sequence number seen (the one to ask after next time).
    public var lastSeq: Int64

    public init(nodes: [LiveNodeRow], runs: [LiveRunRow], events: [LiveEvent], newEvents: Int, lastSeq: Int64) {
        self.nodes = nodes
        self.runs = runs
        self.events = events
        self.newEvents = newEvents
        self.lastSeq = lastSeq
    }
}
