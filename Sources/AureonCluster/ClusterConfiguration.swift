import AureonEngine

/// Everything that shapes a simulated cluster. Defaults follow the seed sketch.
public struct ClusterConfiguration: Sendable, Equatable {
    public var seed: UInt64 = 7
    public var nodeCount: Int = 12
    public var concurrency: Int = 8
    public var heartbeatInterval: VirtualDuration = .seconds(10)
    public var visibilityTimeout: VirtualDuration = .seconds(60)
    public var checkpointInterval: VirtualDuration = .seconds(30)
    /// The seed's lease margin: renewals are sent at least this long before the deadline.
    public var leaseMargin: VirtualDuration = .seconds(5)
    public var scanInterval: VirtualDuration = .seconds(10)
    /// Silence after which recovery marks a node unresponsive (and asks it to drain).
    public var unresponsiveAfter: VirtualDuration = .seconds(30)
    /// Silence after which recovery marks a node dead and reassigns its unstarted shards.
    public var deadAfter: VirtualDuration = .seconds(60)
    /// SQS semantics: a message received more often than this goes to the dead-letter queue.
    public var maxReceiveCount: Int = 5
    /// One-way latency of control messages, plus up to `messageJitter` drawn per message.
    public var messageLatency: VirtualDuration = .milliseconds(2)
    public var messageJitter: VirtualDuration = .milliseconds(3)
    /// Probability that the supervisor's validation rejects a finished shard.
    public var validationRejectProbability: Double = 0
    /// How long a node waits before retrying a final checkpoint or ack that did not go through.
    public var retryInterval: VirtualDuration = .seconds(1)
    /// Events kept for the console and for export-on-demand.
    public var eventLogCapacity: Int = 4_096
    /// Checkpoint records kept per task in the in-memory store (the latest are kept).
    public var checkpointHistoryLimit: Int = 8
    /// Nodes stop work whose lease they could not renew by `deadline − lease_margin` (the seed's
    /// lease manager). Off, a cut-off node works on as an unguarded zombie until fencing stops it.
    public var selfFencing = true
    /// A node steals another node's ready work only once it has waited this long (or when its
    /// target cannot take it); nil means one heartbeat interval.
    public var stealAfter: VirtualDuration?
    /// Liveness, checked live: with no fault in force and a healthy node, a run that commits
    /// nothing for this long (plus its longest shard) is a violation; nil derives it from the
    /// timeouts (`effectiveLivenessBound`).
    public var livenessBound: VirtualDuration?
    /// How long the queue holds a pull request that found no work before answering empty
    /// (SQS long polling): idle nodes are woken by work arriving, not by polling.
    public var pullWait: VirtualDuration = .seconds(20)

    public init() {}

    /// Renewal period: a third of the visibility timeout, as the brief asks, but never later than
    /// the lease margin before the deadline.
    public var renewalInterval: VirtualDuration {
        let third = visibilityTimeout / 3
        let latest = visibilityTimeout - leaseMargin
        return max(.milliseconds(1), latest > .zero ? min(third, latest) : third)
    }

    public var naming: NodeNaming { NodeNaming(nodeCount: nodeCount) }

    /// `stealAfter`, or one heartbeat interval.
    public var effectiveStealAfter: VirtualDuration { stealAfter ?? heartbeatInterval }

    /// `livenessBound`, or long enough for a lease to expire and a dead node to be noticed
    /// several times over (and never under five minutes).
    public var effectiveLivenessBound: VirtualDuration {
        livenessBound ?? max(.seconds(300), visibilityTimeout * 3 + deadAfter * 2)
    }

    public static let maxNodes = 100_000
    public static let maxConcurrency = 1_024

    /// Checks the configuration; the error names the setting at fault.
    public func validate() throws(ConfigurationError) {
        func fail(_ key: String, _ problem: String) -> ConfigurationError { ConfigurationError(key: key, problem: problem) }
        guard nodeCount >= 1, nodeCount <= Self.maxNodes else { throw fail("nodes", "must be between 1 and \(Self.maxNodes) (got \(nodeCount))") }
        guard concurrency >= 1, concurrency <= Self.maxConcurrency else {
            throw fail("concurrency", "must be between 1 and \(Self.maxConcurrency) (got \(concurrency))")
        }
        let positive: [(String, VirtualDuration)] = [
            ("heartbeat_interval", heartbeatInterval), ("visibility_timeout", visibilityTimeout),
            ("checkpoint_interval", checkpointInterval), ("scan_interval", scanInterval),
            ("unresponsive_after", unresponsiveAfter), ("dead_after", deadAfter), ("retry_interval", retryInterval),
        ]
        for (key, value) in positive where value <= .zero { throw fail(key, "must be longer than zero") }
        guard deadAfter >= unresponsiveAfter else { throw fail("dead_after", "must not be shorter than unresponsive_after") }
        guard leaseMargin >= .zero, leaseMargin < visibilityTimeout else { throw fail("lease_margin", "must be between 0 and the visibility timeout") }
        guard messageLatency >= .zero, messageJitter >= .zero else { throw fail("message_latency", "must not be negative") }
        guard (1...1_000).contains(maxReceiveCount) else { throw fail("max_receive_count", "must be between 1 and 1000") }
        guard (0...1).contains(validationRejectProbability) else { throw fail("validation_reject_probability", "must be between 0 and 1") }
        guard (16...10_000_000).contains(eventLogCapacity) else { throw fail("event_log_capacity", "must be between 16 and 10000000") }
        guard (1...1_000).contains(checkpointHistoryLimit) else { throw fail("checkpoint_history", "must be between 1 and 1000") }
        if let stealAfter, stealAfter < .zero { throw fail("steal_after", "must not be negative") }
        if let livenessBound, livenessBound <= .zero { throw fail("liveness_bound", "must be longer than zero") }
        guard pullWait > .zero else { throw fail("pull_wait", "must be longer than zero") }
    }
}

/// A configuration setting that is out of range. One line: `key: problem`.
public struct ConfigurationError: Error, Equatable, CustomStringConvertible {
    public let key: String
    public let problem: String
    public var description: String { "\(key): \(problem)" }
}
