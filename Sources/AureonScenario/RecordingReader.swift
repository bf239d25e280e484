import AureonCluster
import AureonEngine
import Foundation

/// Reads a recording strictly: any malformed, unknown or out-of-range field is an `InputError`
/// naming `file:line` and the key, and a file without its closing line is refused as truncated.
public enum RecordingReader {
    public static func load(path: String) throws(InputError) -> Recording {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, FileManager.default.fileExists(atPath: path) ? "cannot read file" : "no such file")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw InputError(file: path, "not UTF-8 text") }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(InputError) -> Recording {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count <= Recording.maxLines else { throw InputError(file: file, "more than \(Recording.maxLines) lines") }
        var header: (String, ClusterConfiguration)?
        var actions: [PerformedAction] = []
        var end: (VirtualTime, Int, String)?
        for (offset, raw) in lines.enumerated() {
            let number = offset + 1
            if raw.isEmpty {
                // Only the final newline may leave an empty last element.
                guard offset == lines.count - 1 else { throw InputError(file: file, line: number, "empty line") }
                continue
            }
            guard raw.utf8.count <= Recording.maxLineBytes else { throw InputError(file: file, line: number, "line longer than 64 KiB") }
            guard end == nil else { throw InputError(file: file, line: number, "content after the closing line") }
            let fields = try Fields(raw, file: file, line: number)
            if header == nil {
                header = try parseHeader(fields)
            } else if fields.has("end") {
                end = (VirtualTime(microseconds: try fields.micros("at_us")), try fields.int("events_processed", 0...Int.max),
                       try fields.string("trace_hash"))
            } else {
                guard let configuration = header?.1 else { break }
                actions.append(try parseAction(fields, nodeCount: configuration.nodeCount))
            }
        }
        guard let (name, configuration) = header else { throw InputError(file: file, line: 1, "empty recording") }
        guard let (endTime, endEvents, hash) = end else {
            throw InputError(file: file, line: lines.count, "truncated recording: no closing line with the trace hash; refusing to replay")
        }
        guard hash.count == 16, hash.allSatisfy(\.isHexDigit) else {
            throw InputError(file: file, line: lines.count, "trace_hash must be 16 hex digits")
        }
        return Recording(scenarioName: name, configuration: configuration, actions: actions, endTime: endTime,
                         endEventCount: endEvents, traceHash: hash)
    }

    private static func parseHeader(_ fields: Fields) throws(InputError) -> (String, ClusterConfiguration) {
        guard try fields.string("format") == Recording.formatName else { throw fields.fail("format", "not an aureon recording") }
        let version = try fields.int("version", 0...Int.max)
        guard version == Recording.version else {
            throw fields.fail("version", "unsupported recording version \(version) (this build reads version \(Recording.version))")
        }
        let cluster = try fields.object("cluster")
        var c = ClusterConfiguration()
        c.seed = try cluster.unsigned("seed")
        c.nodeCount = try cluster.int("nodes", 1...ClusterConfiguration.maxNodes)
        c.concurrency = try cluster.int("concurrency", 1...ClusterConfiguration.maxConcurrency)
        c.heartbeatInterval = .microseconds(try cluster.micros("heartbeat_interval_us"))
        c.visibilityTimeout = .microseconds(try cluster.micros("visibility_timeout_us"))
        c.checkpointInterval = .microseconds(try cluster.micros("checkpoint_interval_us"))
        c.leaseMargin = .microseconds(try cluster.micros("lease_margin_us"))
        c.scanInterval = .microseconds(try cluster.micros("scan_interval_us"))
        c.unresponsiveAfter = .microseconds(try cluster.micros("unresponsive_after_us"))
        c.deadAfter = .microseconds(try cluster.micros("dead_after_us"))
        c.maxReceiveCount = try cluster.int("max_receive_count", 1...1_000)
        c.messageLatency = .microseconds(try cluster.micros("message_latency_us"))
        c.messageJitter = .microseconds(try cluster.micros("message_jitter_us"))
        c.validationRejectProbability = try cluster.probability("validation_reject_probability")
        c.retryInterval = .microseconds(try cluster.micros("retry_interval_us"))
        c.eventLogCapacity = try cluster.int("event_log_capacity", 16...10_000_000)
        c.checkpointHistoryLimit = try cluster.int("checkpoint_history", 1...1_000)
        c.selfFencing = try cluster.boolean("self_fencing")
        c.stealAfter = try cluster.optionalMicros("steal_after_us", allowingZero: true).map { .microseconds($0) }
        c.livenessBound = try cluster.optionalMicros("liveness_bound_us").map { .microseconds($0) }
        c.pullWait = .microseconds(try cluster.micros("pull_wait_us"))
        do {
            try c.validate()
        } catch {
            throw fields.fail("cluster", "\(error)")
        }
        return (try fields.string("scenario"), c)
    }

    private static func parseAction(_ fields: Fields, nodeCount: Int) throws(InputError) -> PerformedAction {
        let naming = NodeNaming(nodeCount: nodeCount)
        func node(_ key: String) throws(InputError) -> NodeID {
            let name = try fields.string(key)
            guard let id = naming.parse(name, nodeCount: nodeCount) else { throw fields.fail(key, "unknown node '\(name)'") }
            return id
        }
        func nodes() throws(InputError) -> [NodeID] {
            var ids: [NodeID] = []
            for name in try fields.strings("nodes") {
                guard let id = naming.parse(name, nodeCount: nodeCount) else { throw fields.fail("nodes", "unknown node '\(name)'") }
                ids.append(id)
            }
            return ids
        }
        func span() throws(InputError) -> VirtualDuration? { try fields.optionalMicros("for_us").map { .microseconds($0) } }
        func plane() throws(InputError) -> NetworkPlane {
            guard fields.has("plane") else { return .all }
            let text = try fields.string("plane")
            guard let plane = NetworkPlane(rawValue: text) else { throw fields.fail("plane", "must be control, data or all (got '\(text)')") }
            return plane
        }
        let verb = try fields.string("action")
        let action: OperatorAction
        switch verb {
        case "drain": action = .drain(try node("node"))
        case "resume": action = .resume(try node("node"))
        case "kill": action = .kill(try node("node"))
        case "restart": action = try fields.string("node") == "killed" ? .restartKilled : .restart(try node("node"))
        case "kill_random": action = .killRandom(try fields.int("count", 0...nodeCount))
        case "schedule": action = .schedule(try parseRun(try fields.object("run")))
        case "rebalance": action = .rebalance
        case "partition": action = .partition(try nodes(), duration: try span())
        case "heal": action = .heal(try nodes())
        case "slow": action = .slow(try node("node"), factor: try fields.number("factor", 1...1_000), duration: try span())
        case "flaky": action = .flaky(try node("node"), probability: try fields.probability("probability"), duration: try span())
        case "checkpoint_failures":
            action = .checkpointFailures(try node("node"), probability: try fields.probability("probability"), duration: try span())
        case "message_loss": action = .messageLoss(probability: try fields.probability("probability"), plane: try plane(), duration: try span())
        case "message_delay": action = .messageDelay(.microseconds(try fields.micros("delay_us")), plane: try plane(), duration: try span())
        case "clock_skew": action = .clockSkew(try node("node"), offset: .microseconds(try fields.micros("offset_us")), duration: try span())
        case "chaos": action = .chaos(faultsPerMinute: try fields.number("faults_per_minute", 0...600))
        case "quiesce": action = .quiesce
        case "say": action = .say(try fields.string("text"))
        default: throw fields.fail("action", "unknown action '\(verb)'")
        }
        let originText = try fields.string("origin")
        guard let origin = PerformedAction.Origin(rawValue: originText) else {
            throw fields.fail("origin", "must be 'interactive' or 'scheduled' (got '\(originText)')")
        }
        return PerformedAction(time: VirtualTime(microseconds: try fields.micros("at_us")),
                               afterEvents: try fields.int("after_events", 0...Int.max), origin: origin, action: action)
    }

    private static func parseRun(_ fields: Fields) throws(InputError) -> RunSpec {
        let low = VirtualDuration.microseconds(try fields.micros("work_min_us"))
        let high = VirtualDuration.microseconds(try fields.micros("work_max_us"))
        guard low <= high else { throw fields.fail("work_min_us", "greater than work_max_us") }
        let strategyText = try fields.string("strategy")
        guard let strategy = ShardStrategy(rawValue: strategyText) else { throw fields.fail("strategy", "unknown strategy '\(strategyText)'") }
        var spec = RunSpec(id: RunID(try fields.string("id")), dataset: try fields.string("dataset"),
                           items: try fields.int("items", 1...RunSpec.maxItems), shardSize: try fields.int("shard_size", 1...RunSpec.maxItems),
                           strategy: strategy, work: low...high, maxIterations: try fields.int("max_iterations", 1...RunSpec.maxIterationsLimit),
                           convergenceTolerance: try fields.number("convergence_tolerance", 0...1))
        spec.poisonShards = try fields.ints("poison_shards")
        return spec
    }
}

/// One JSON object of a recording, with typed, located accessors.
struct Fields {
    let object: [String: Any]
    let file: String
    let line: Int

    init(_ text: Substring, file: String, line: Int) throws(InputError) {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            throw InputError(file: file, line: line, "malformed JSON (truncated line?)")
        }
        guard let object = parsed as? [String: Any] else { throw InputError(file: file, line: line, "expected a JSON object") }
        self.init(object: object, file: file, line: line)
    }

    init(object: [String: Any], file: String, line: Int) {
        self.object = object
        self.file = file
        self.line = line
    }

    func fail(_ key: String, _ problem: String) -> InputError { InputError(file: file, line: line, "\(key): \(problem)") }
    func has(_ key: String) -> Bool { object[key] != nil }

    func string(_ key: String) throws(InputError) -> String {
        guard let value = object[key] as? String else { throw fail(key, "missing or not text") }
        return value
    }

    func boolean(_ key: String) throws(InputError) -> Bool {
        guard let value = object[key] as? Bool else { throw fail(key, "missing or not true/false") }
        return value
    }

    func strings(_ key: String) throws(InputError) -> [String] {
        guard let value = object[key] as? [String], !value.isEmpty else { throw fail(key, "missing or not a list of names") }
        return value
    }

    private func numeric(_ key: String) throws(InputError) -> NSNumber {
        guard let value = object[key] as? NSNumber else {
            throw fail(key, "missing or not a number")
        }
        return value
    }

    func int(_ key: String, _ range: ClosedRange<Int>) throws(InputError) -> Int {
        let number = try numeric(key)
        let value = number.doubleValue
        guard value.rounded() == value, let exact = Int(exactly: value), range.contains(exact) else {
            throw fail(key, "must be a whole number between \(range.lowerBound) and \(range.upperBound)")
        }
        return exact
    }

    func ints(_ key: String) throws(InputError) -> [Int] {
        guard let values = object[key] as? [NSNumber] else { throw fail(key, "missing or not a list of numbers") }
        var result: [Int] = []
        for value in values {
            guard let exact = Int(exactly: value.doubleValue), exact >= 0 else { throw fail(key, "must hold whole numbers ≥ 0") }
            result.append(exact)
        }
        return result
    }

    func unsigned(_ key: String) throws(InputError) -> UInt64 {
        guard let number = object[key] as? NSNumber, let value = UInt64(number.stringValue) else {
            throw fail(key, "must be an unsigned 64-bit integer")
        }
        return value
    }

    /// A non-negative duration in microseconds.
    func micros(_ key: String) throws(InputError) -> Int64 {
        let number = try numeric(key)
        guard let value = Int64(number.stringValue), value >= 0 else { throw fail(key, "must be a whole, non-negative number of microseconds") }
        return value
    }

    func optionalMicros(_ key: String, allowingZero: Bool = false) throws(InputError) -> Int64? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        let micros = try self.micros(key)
        guard micros > 0 || allowingZero else { throw fail(key, "must be longer than zero") }
        return micros
    }

    func number(_ key: String, _ range: ClosedRange<Double>) throws(InputError) -> Double {
        let value = try numeric(key).doubleValue
        guard value.isFinite, range.contains(value) else { throw fail(key, "must be between \(range.lowerBound) and \(range.upperBound)") }
        return value
    }

    func probability(_ key: String) throws(InputError) -> Double {
        let value = try numeric(key).doubleValue
        guard value.isFinite, (0...1).contains(value) else { throw fail(key, "probability must be within [0, 1] (got \(value))") }
        return value
    }

    func object(_ key: String) throws(InputError) -> Fields {
        guard let value = object[key] as? [String: Any] else { throw fail(key, "missing or not an object") }
        return Fields(object: value, file: file, line: line)
    }
}
