import AureonCluster
import AureonEngine
import Foundation

/// JSON encoding of recordings, line by line, and the strict reader for them.
enum RecordingCodec {
    static func header(scenarioName: String, configuration c: ClusterConfiguration) -> String {
        let cluster = JSONText.object([
            ("seed", String(c.seed)), ("nodes", String(c.nodeCount)), ("concurrency", String(c.concurrency)),
            ("heartbeat_interval_us", String(c.heartbeatInterval.microseconds)),
            ("visibility_timeout_us", String(c.visibilityTimeout.microseconds)),
            ("checkpoint_interval_us", String(c.checkpointInterval.microseconds)),
            ("lease_margin_us", String(c.leaseMargin.microseconds)), ("scan_interval_us", String(c.scanInterval.microseconds)),
            ("unresponsive_after_us", String(c.unresponsiveAfter.microseconds)), ("dead_after_us", String(c.deadAfter.microseconds)),
            ("max_receive_count", String(c.maxReceiveCount)), ("message_latency_us", String(c.messageLatency.microseconds)),
            ("message_jitter_us", String(c.messageJitter.microseconds)),
            ("validation_reject_probability", JSONText.number(c.validationRejectProbability)),
            ("retry_interval_us", String(c.retryInterval.microseconds)), ("event_log_capacity", String(c.eventLogCapacity)),
            ("checkpoint_history", String(c.checkpointHistoryLimit)),
            ("self_fencing", String(c.selfFencing)), ("steal_after_us", c.stealAfter.map { String($0.microseconds) } ?? "null"),
            ("liveness_bound_us", c.livenessBound.map { String($0.microseconds) } ?? "null"), ("pull_wait_us", String(c.pullWait.microseconds)),
        ])
        return JSONText.object([
            ("format", JSONText.string(Recording.formatName)), ("version", String(Recording.version)),
            ("scenario", JSONText.string(scenarioName)), ("cluster", cluster),
        ])
    }

    static func line(for performed: PerformedAction, naming: NodeNaming) -> String {
        var pairs: [(String, String)] = [
            ("at_us", String(performed.time.microseconds)), ("after_events", String(performed.afterEvents)),
            ("origin", JSONText.string(performed.origin.rawValue)), ("action", JSONText.string(performed.action.keyword)),
        ]
        func node(_ id: NodeID) -> String { JSONText.string(naming.name(of: id)) }
        func span(_ duration: VirtualDuration?) -> (String, String) { ("for_us", duration.map { String($0.microseconds) } ?? "null") }
        switch performed.action {
        case let .drain(id), let .resume(id), let .kill(id), let .restart(id): pairs.append(("node", node(id)))
        case let .killRandom(count): pairs.append(("count", String(count)))
        case .restartKilled: pairs.append(("node", JSONText.string("killed")))
        case let .schedule(spec): pairs.append(("run", run(spec)))
        case .rebalance: break
        case let .partition(ids, duration): pairs += [("nodes", JSONText.array(ids.map(node))), span(duration)]
        case let .heal(ids): pairs.append(("nodes", JSONText.array(ids.map(node))))
        case let .slow(id, factor, duration): pairs += [("node", node(id)), ("factor", JSONText.number(factor)), span(duration)]
        case let .flaky(id, probability, duration), let .checkpointFailures(id, probability, duration):
            pairs += [("node", node(id)), ("probability", JSONText.number(probability)), span(duration)]
        case let .messageLoss(probability, plane, duration): pairs += [("probability", JSONText.number(probability)), ("plane", JSONText.string(plane.rawValue)), span(duration)]
        case let .messageDelay(delay, plane, duration): pairs += [("delay_us", String(delay.microseconds)), ("plane", JSONText.string(plane.rawValue)), span(duration)]
        case let .clockSkew(id, offset, duration): pairs += [("node", node(id)), ("offset_us", String(offset.microseconds)), span(duration)]
        case let .chaos(rate): pairs.append(("faults_per_minute", JSONText.number(rate)))
        case .quiesce: break
        case let .say(text): pairs.append(("text", JSONText.string(text)))
        }
        return JSONText.object(pairs)
    }

    static func run(_ spec: RunSpec) -> String {
        JSONText.object([
            ("id", JSONText.string(spec.id.rawValue)), ("dataset", JSONText.string(spec.dataset)), ("items", String(spec.items)),
            ("shard_size", String(spec.shardSize)), ("strategy", JSONText.string(spec.strategy.rawValue)),
            ("work_min_us", String(spec.work.lowerBound.microseconds)), ("work_max_us", String(spec.work.upperBound.microseconds)),
            ("max_iterations", String(spec.maxIterations)), ("convergence_tolerance", JSONText.number(spec.convergenceTolerance)),
            ("poison_shards", JSONText.array(spec.poisonShards.map { String($0) })),
        ])
    }
}
