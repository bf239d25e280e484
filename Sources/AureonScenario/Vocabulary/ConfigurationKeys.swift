import AureonCluster
import AureonEngine

/// A configuration key: its descriptor, and how it reads and writes `ClusterConfiguration`.
public struct ConfigurationKey: Sendable {
    public let descriptor: KeyDescriptor
    public let read: @Sendable (ClusterConfiguration) -> VocabularyValue
    public let write: @Sendable (inout ClusterConfiguration, VocabularyValue) -> Void

    public var name: String { descriptor.name }
}

/// Every configuration key, in the order files and the README list them. The scenario parser
/// (`cluster:`), the recording header and the reference in the README all come from here, so
/// the two file formats cannot drift apart again.
public enum ConfigurationKeys {
    public static let all: [ConfigurationKey] = [
        unsigned("seed", "the seed of every random draw (also accepted at the top of a scenario)", \.seed),
        integer("nodes", 1...ClusterConfiguration.maxNodes, "number of nodes", \.nodeCount),
        integer("concurrency", 1...ClusterConfiguration.maxConcurrency, "task slots per node", \.concurrency),
        duration("heartbeat_interval", positive: true, "how often nodes report to the coordinator", \.heartbeatInterval),
        duration("visibility_timeout", positive: true, "how long a lease hides a message from other nodes", \.visibilityTimeout),
        duration("checkpoint_interval", positive: true, "how often a running task writes a checkpoint", \.checkpointInterval),
        duration("lease_margin", positive: false, "renew (or, self-fencing, stop) this long before a lease's deadline", \.leaseMargin),
        duration("scan_interval", positive: true, "how often recovery looks for silent nodes", \.scanInterval),
        duration("unresponsive_after", positive: true, "silence after which a node is unresponsive (and drained)", \.unresponsiveAfter),
        duration("dead_after", positive: true, "silence after which a node is dead and fenced", \.deadAfter),
        integer("max_receive_count", 1...1_000, "receives after which a message goes to the dead-letter queue", \.maxReceiveCount),
        probability("validation_reject_probability", "chance that supervision rejects a finished shard", \.validationRejectProbability),
        duration("message_latency", positive: false, "one-way latency of every network message", \.messageLatency),
        duration("message_jitter", positive: false, "extra latency drawn per message, up to this much", \.messageJitter),
        duration("retry_interval", positive: true, "wait before retrying a final checkpoint or ack that failed", \.retryInterval),
        integer("event_log_capacity", 16...10_000_000, "events kept for the console and exports", \.eventLogCapacity),
        integer("checkpoint_history", 1...1_000, "checkpoint records kept per task in memory", \.checkpointHistoryLimit),
        flag("self_fencing", "nodes stop work they could not renew by deadline − lease_margin", \.selfFencing),
        optionalDuration("steal_after", positive: false, "ready work waits this long before another node may steal it (default: heartbeat_interval)", \.stealAfter),
        optionalDuration("liveness_bound", positive: true, "longest stretch without a commit while no fault is in force (default: derived from the timeouts)", \.livenessBound),
        duration("pull_wait", positive: true, "how long an empty pull waits for work (long polling)", \.pullWait),
    ]

    /// The key named `name`, if there is one.
    public static func named(_ name: String) -> ConfigurationKey? { all.first { $0.name == name } }

    public static var names: [String] { all.map(\.name) }

    private static func unsigned(_ name: String, _ doc: String, _ path: WritableKeyPath<ClusterConfiguration, UInt64> & Sendable) -> ConfigurationKey {
        ConfigurationKey(descriptor: KeyDescriptor(name, .unsigned, doc), read: { .unsigned($0[keyPath: path]) },
                         write: { if case let .unsigned(value) = $1 { $0[keyPath: path] = value } })
    }

    private static func integer(_ name: String, _ range: ClosedRange<Int>, _ doc: String,
                                _ path: WritableKeyPath<ClusterConfiguration, Int> & Sendable) -> ConfigurationKey {
        ConfigurationKey(descriptor: KeyDescriptor(name, .integer(range), doc), read: { .integer($0[keyPath: path]) },
                         write: { if case let .integer(value) = $1 { $0[keyPath: path] = value } })
    }

    private static func probability(_ name: String, _ doc: String, _ path: WritableKeyPath<ClusterConfiguration, Double> & Sendable) -> ConfigurationKey {
        ConfigurationKey(descriptor: KeyDescriptor(name, .probability, doc), read: { .number($0[keyPath: path]) },
                         write: { if case let .number(value) = $1 { $0[keyPath: path] = value } })
    }

    private static func flag(_ name: String, _ doc: String, _ path: WritableKeyPath<ClusterConfiguration, Bool> & Sendable) -> ConfigurationKey {
        ConfigurationKey(descriptor: KeyDescriptor(name, .flag, doc), read: { .flag($0[keyPath: path]) },
                         write: { if case let .flag(value) = $1 { $0[keyPath: path] = value } })
    }

    private static func duration(_ name: String, positive: Bool, _ doc: String,
                                 _ path: WritableKeyPath<ClusterConfiguration, VirtualDuration> & Sendable) -> ConfigurationKey {
        ConfigurationKey(descriptor: KeyDescriptor(name, .duration(positive: positive), doc), read: { .duration($0[keyPath: path]) },
                         write: { if case let .duration(value) = $1 { $0[keyPath: path] = value } })
    }

    private static func optionalDuration(_ name: String, positive: Bool, _ doc: String,
                                         _ path: WritableKeyPath<ClusterConfiguration, VirtualDuration?> & Sendable) -> ConfigurationKey {
        ConfigurationKey(descriptor: KeyDescriptor(name, .optionalDuration(positive: positive), doc),
                         read: { $0[keyPath: path].map { .duration($0) } ?? .absent },
                         write: { configuration, value in
                             switch value {
                             case let .duration(duration): configuration[keyPath: path] = duration
                             case .absent: configuration[keyPath: path] = nil
                             default: break
                             }
                         })
    }
}
