import AureonCluster
import AureonEngine
import Foundation
import Yams

/// Reads scenario files. Every error is one line `file:line: problem` and nothing is applied
/// from a file that has any error.
public enum ScenarioParser {
    public static let actionKeys: Set<String> = [
        "drain", "resume", "kill", "kill_random", "restart", "schedule", "rebalance", "partition", "heal", "slow", "flaky",
        "checkpoint_failures", "message_loss", "message_delay", "clock_skew", "chaos", "quiesce", "say",
    ]
    static let clusterKeys: Set<String> = [
        "nodes", "concurrency", "heartbeat_interval", "visibility_timeout", "checkpoint_interval", "lease_margin",
        "scan_interval", "unresponsive_after", "dead_after", "max_receive_count", "validation_reject_probability",
        "message_latency", "message_jitter", "retry_interval", "self_fencing", "steal_after", "liveness_bound", "pull_wait",
    ]
    static let runKeys: Set<String> = [
        "id", "at", "dataset", "items", "shard_size", "strategy", "work", "max_iterations", "convergence_tolerance", "poison_shards",
        "repeat", "every",
    ]
    static let expectKeys: Set<String> = [
        "all_runs_complete_by", "invariants", "min_redeliveries", "min_resumed_from_checkpoint", "min_stale_writes_rejected",
        "min_dead_lettered", "max_dead_lettered",
    ]
    /// Limits on what one file may ask for.
    public static let maxRuns = 1_000
    public static let maxActions = 100_000

    /// Loads and parses a scenario file.
    public static func load(path: String) throws(InputError) -> Scenario {
        let text: String
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let size = attributes[.size] as? NSNumber, size.intValue > 16 * 1024 * 1024 {
                throw InputError(file: path, "file is larger than 16 MiB")
            }
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(file: path, FileManager.default.fileExists(atPath: path) ? "cannot read file (not UTF-8 text?)" : "no such file")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(InputError) -> Scenario {
        let reader = YAMLReader(file: file)
        let root = try reader.document(text)
        var scenario = Scenario(name: (file as NSString).lastPathComponent, configuration: ClusterConfiguration(), source: file)
        for (key, _, value) in try reader.mapping(root, context: "scenario",
                                                 allowed: ["name", "description", "seed", "cluster", "runs", "actions", "expect"]) {
            switch key {
            case "name": scenario.name = try reader.string(value, key: "name")
            case "description": scenario.description = try reader.string(value, key: "description")
            case "seed": scenario.configuration.seed = try reader.unsigned(value, key: "seed")
            case "cluster": try parseCluster(value, into: &scenario.configuration, reader: reader)
            case "runs":
                let items = try reader.sequence(value, context: "runs")
                guard items.count <= maxRuns else { throw reader.fail(value, "runs: at most \(maxRuns) runs") }
                for item in items {
                    let (at, spec) = try parseRun(item, defaultID: RunID.sequential(scenario.runs.count + 1), reader: reader, allowAt: true)
                    let (count, every) = try parseRepeat(item, reader: reader)
                    guard scenario.runs.count + count <= maxRuns else { throw reader.fail(item, "runs: at most \(maxRuns) runs in all") }
                    let explicitID = item.mapping?["id"] != nil
                    for copy in 0..<count {
                        var instance = spec
                        if copy > 0 {
                            let suffix = String(copy + 1)
                            instance.id = explicitID ? RunID(spec.id.rawValue + "-" + String(repeating: "0", count: max(0, 3 - suffix.count)) + suffix)
                                : RunID.sequential(scenario.runs.count + 1)
                        }
                        scenario.runs.append(ScheduledRun(at: at + every * Int64(copy), spec: instance, line: reader.line(item)))
                    }
                }
            case "actions":
                let items = try reader.sequence(value, context: "actions")
                guard items.count <= maxActions else { throw reader.fail(value, "actions: at most \(maxActions) actions") }
                for item in items { scenario.actions.append(try parseAction(item, reader: reader)) }
            case "expect": scenario.expectations = try parseExpectations(value, reader: reader)
            default: break
            }
        }
        do {
            try scenario.configuration.validate()
        } catch {
            throw InputError(file: file, line: reader.line(root), "cluster.\(error.key): \(error.problem)")
        }
        // Node names depend on the final node count; check them now for the file's own count.
        for action in scenario.actions { _ = try action.resolve(nodeCount: scenario.configuration.nodeCount, file: file) }
        return scenario
    }

    /// Reads a `cluster:` mapping into `configuration` (shared with drill files).
    public static func parseCluster(_ node: Node, into configuration: inout ClusterConfiguration, reader: YAMLReader) throws(InputError) {
        for (key, _, value) in try reader.mapping(node, context: "cluster", allowed: clusterKeys) {
            switch key {
            case "nodes": configuration.nodeCount = try reader.integer(value, key: "cluster.nodes", range: 1...ClusterConfiguration.maxNodes)
            case "concurrency":
                configuration.concurrency = try reader.integer(value, key: "cluster.concurrency", range: 1...ClusterConfiguration.maxConcurrency)
            case "heartbeat_interval": configuration.heartbeatInterval = try positive(value, key: "cluster.heartbeat_interval", reader)
            case "visibility_timeout": configuration.visibilityTimeout = try positive(value, key: "cluster.visibility_timeout", reader)
            case "checkpoint_interval": configuration.checkpointInterval = try positive(value, key: "cluster.checkpoint_interval", reader)
            case "lease_margin": configuration.leaseMargin = try reader.duration(value, key: "cluster.lease_margin")
            case "scan_interval": configuration.scanInterval = try positive(value, key: "cluster.scan_interval", reader)
            case "unresponsive_after": configuration.unresponsiveAfter = try positive(value, key: "cluster.unresponsive_after", reader)
            case "dead_after": configuration.deadAfter = try positive(value, key: "cluster.dead_after", reader)
            case "retry_interval": configuration.retryInterval = try positive(value, key: "cluster.retry_interval", reader)
            case "message_latency": configuration.messageLatency = try reader.duration(value, key: "cluster.message_latency")
            case "message_jitter": configuration.messageJitter = try reader.duration(value, key: "cluster.message_jitter")
            case "self_fencing": configuration.selfFencing = try reader.boolean(value, key: "cluster.self_fencing")
            case "steal_after": configuration.stealAfter = try reader.duration(value, key: "cluster.steal_after")
            case "liveness_bound": configuration.livenessBound = try positive(value, key: "cluster.liveness_bound", reader)
            case "pull_wait": configuration.pullWait = try positive(value, key: "cluster.pull_wait", reader)
            case "max_receive_count": configuration.maxReceiveCount = try reader.integer(value, key: "cluster.max_receive_count", range: 1...1_000)
            case "validation_reject_probability":
                configuration.validationRejectProbability = try reader.probability(value, key: "cluster.validation_reject_probability")
            default: break
            }
        }
    }

    private static func positive(_ node: Node, key: String, _ reader: YAMLReader) throws(InputError) -> VirtualDuration {
        let value = try reader.duration(node, key: key)
        guard value > .zero else { throw reader.fail(node, "\(key) must be longer than zero") }
        return value
    }

    /// Reads one run (shared with drill files).
    public static func parseRun(_ node: Node, defaultID: RunID, reader: YAMLReader, allowAt: Bool) throws(InputError) -> (VirtualDuration, RunSpec) {
        var spec = RunSpec(id: defaultID, items: 1_000, shardSize: 100)
        var at = VirtualDuration.zero
        let allowed = allowAt ? runKeys : runKeys.subtracting(["at"])
        for (key, _, value) in try reader.mapping(node, context: "run", allowed: allowed) {
            switch key {
            case "id": spec.id = RunID(try reader.string(value, key: "id"))
            case "at": at = try reader.duration(value, key: "at")
            case "dataset": spec.dataset = try reader.string(value, key: "dataset")
            case "items": spec.items = try reader.integer(value, key: "items", range: 1...RunSpec.maxItems)
            case "shard_size": spec.shardSize = try reader.integer(value, key: "shard_size", range: 1...RunSpec.maxItems)
            case "strategy":
                let text = try reader.string(value, key: "strategy")
                guard let strategy = ShardStrategy(rawValue: text) else {
                    throw reader.fail(value, "strategy must be by_slice, by_dataset or by_iteration (got '\(text)')")
                }
                spec.strategy = strategy
            case "work":
                switch DurationParsing.parseRange(try reader.string(value, key: "work")) {
                case let .success(range): spec.work = range
                case let .failure(problem): throw reader.fail(value, "work \(problem)")
                }
            case "max_iterations": spec.maxIterations = try reader.integer(value, key: "max_iterations", range: 1...RunSpec.maxIterationsLimit)
            case "convergence_tolerance": spec.convergenceTolerance = try reader.number(value, key: "convergence_tolerance", range: 0...1)
            case "repeat", "every": break  // read by parseRepeat
            case "poison_shards":
                var shards: [Int] = []
                for item in try reader.sequence(value, context: "poison_shards") {
                    shards.append(try reader.integer(item, key: "poison_shards", range: 0...RunSpec.maxShards))
                }
                spec.poisonShards = shards
            default: break
            }
        }
        do {
            try ShardPlanner.validate(spec)
        } catch {
            throw reader.fail(node, "run \(spec.id): \(error)")
        }
        return (at, spec)
    }

    /// `repeat: N` with `every: D` schedules N copies of a run, D apart (soak tests, churn).
    private static func parseRepeat(_ node: Node, reader: YAMLReader) throws(InputError) -> (Int, VirtualDuration) {
        let count = try node.mapping?["repeat"].map { value throws(InputError) in try reader.integer(value, key: "repeat", range: 1...maxRuns) } ?? 1
        let every = try node.mapping?["every"].map { value throws(InputError) in try reader.duration(value, key: "every") }
        if count > 1 {
            guard let every, every > .zero else { throw reader.fail(node, "repeat needs 'every:' (a positive duration)") }
            return (count, every)
        }
        return (1, every ?? .zero)
    }

    private static func nodeReferences(_ node: Node, key: String, reader: YAMLReader) throws(InputError) -> [NodeReference] {
        if node.sequence != nil {
            var references: [NodeReference] = []
            for item in try reader.sequence(node, context: key) {
                references.append(NodeReference(name: try reader.string(item, key: key), line: reader.line(item)))
            }
            guard !references.isEmpty else { throw reader.fail(node, "\(key) needs at least one node") }
            return references
        }
        return [NodeReference(name: try reader.string(node, key: key), line: reader.line(node))]
    }

    /// Reads one timed action (shared with drill files: injects and action lists).
    public static func parseAction(_ node: Node, reader: YAMLReader) throws(InputError) -> ScenarioAction {
        let pairs = try reader.mapping(node, context: "action")
        var at: VirtualDuration?
        var duration: VirtualDuration?
        var factor: Double?
        var probability: Double?
        var offset: VirtualDuration?
        var actionPair: (key: String, keyNode: Node, value: Node)?
        for pair in pairs {
            switch pair.key {
            case "at": at = try reader.duration(pair.value, key: "at")
            case "for": duration = try reader.duration(pair.value, key: "for")
            case "factor": factor = try reader.number(pair.value, key: "factor", range: 1...1_000)
            case "probability": probability = try reader.probability(pair.value, key: "probability")
            case "offset": offset = try reader.duration(pair.value, key: "offset")
            case let key where actionKeys.contains(key):
                if let first = actionPair { throw reader.fail(pair.keyNode, "action has two verbs: '\(first.key)' and '\(key)'") }
                actionPair = pair
            default:
                throw reader.fail(pair.keyNode, "unknown action '\(pair.key)' (expected one of: \(actionKeys.sorted().joined(separator: ", ")))")
            }
        }
        guard let (verb, keyNode, value) = actionPair else {
            throw reader.fail(node, "action has no verb (one of: \(actionKeys.sorted().joined(separator: ", ")))")
        }
        guard let at else { throw reader.fail(node, "action '\(verb)' needs 'at:'") }
        if let duration, duration <= .zero { throw reader.fail(node, "for: must be longer than zero") }
        func single() throws(InputError) -> NodeReference {
            let references = try nodeReferences(value, key: verb, reader: reader)
            guard references.count == 1 else { throw reader.fail(value, "\(verb) takes one node") }
            return references[0]
        }
        func required<T>(_ value: T?, _ name: String) throws(InputError) -> T {
            guard let value else { throw reader.fail(keyNode, "\(verb) needs '\(name):'") }
            return value
        }
        let kind: ScenarioAction.Kind
        switch verb {
        case "drain": kind = .drain(try single())
        case "resume": kind = .resume(try single())
        case "kill": kind = .kill(try single())
        case "restart":
            kind = try reader.string(value, key: "restart") == "killed" ? .restartKilled : .restart(try single())
        case "kill_random": kind = .killRandom(try reader.integer(value, key: "kill_random", range: 0...ClusterConfiguration.maxNodes))
        case "rebalance": kind = .rebalance
        case "schedule":
            let (_, spec) = try parseRun(value, defaultID: RunID("scheduled-\(reader.line(value) ?? 0)"), reader: reader, allowAt: false)
            kind = .schedule(spec)
        case "partition": kind = .partition(try nodeReferences(value, key: verb, reader: reader), duration: duration)
        case "heal": kind = .heal(try nodeReferences(value, key: verb, reader: reader))
        case "slow": kind = .slow(try single(), factor: try required(factor, "factor"), duration: duration)
        case "flaky": kind = .flaky(try single(), probability: try required(probability, "probability"), duration: duration)
        case "checkpoint_failures":
            kind = .checkpointFailures(try single(), probability: try required(probability, "probability"), duration: duration)
        case "message_loss": kind = .messageLoss(probability: try reader.probability(value, key: verb), plane: .all, duration: duration)
        case "message_delay": kind = .messageDelay(try reader.duration(value, key: verb), plane: .all, duration: duration)
        case "clock_skew": kind = .clockSkew(try single(), offset: try required(offset, "offset"), duration: duration)
        case "chaos": kind = .chaos(faultsPerMinute: try reader.number(value, key: verb, range: 0...600))
        case "quiesce": kind = .quiesce
        default: kind = .say(try reader.string(value, key: "say"))
        }
        return ScenarioAction(at: at, kind: kind, line: reader.line(node))
    }

    private static func parseExpectations(_ node: Node, reader: YAMLReader) throws(InputError) -> Expectations {
        var expectations = Expectations()
        for (key, _, value) in try reader.mapping(node, context: "expect", allowed: expectKeys) {
            switch key {
            case "all_runs_complete_by": expectations.allRunsCompleteBy = try reader.duration(value, key: key)
            case "invariants":
                let text = try reader.string(value, key: key)
                guard text == "hold" || text == "any" else { throw reader.fail(value, "invariants must be 'hold' or 'any' (got '\(text)')") }
                expectations.invariantsHold = text == "hold"
            case "min_redeliveries": expectations.minRedeliveries = try reader.integer(value, key: key, range: 0...Int.max)
            case "min_resumed_from_checkpoint": expectations.minResumedFromCheckpoint = try reader.integer(value, key: key, range: 0...Int.max)
            case "min_stale_writes_rejected": expectations.minStaleWritesRejected = try reader.integer(value, key: key, range: 0...Int.max)
            case "min_dead_lettered": expectations.minDeadLettered = try reader.integer(value, key: key, range: 0...Int.max)
            case "max_dead_lettered": expectations.maxDeadLettered = try reader.integer(value, key: key, range: 0...Int.max)
            default: break
            }
        }
        return expectations
    }
}
