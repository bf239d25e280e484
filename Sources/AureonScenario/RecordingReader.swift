import AureonCluster
import AureonEngine
import AureonInput
import Foundation

/// Reads a recording strictly: every key comes from the vocabulary tables, and an unknown,
/// missing, malformed or out-of-range field, an action out of time order or one placed past
/// the recorded end is an `InputError` naming `file:line` and the key. A file without its
/// closing line is refused as truncated.
public enum RecordingReader {
    public static func load(path: String) throws(InputError) -> Recording {
        switch TextFile.read(path: path) {
        case let .success(text): return try parse(text, file: path)
        case let .failure(problem): throw InputError(file: path, line: problem.line, problem.message)
        }
    }

    static let headerKeys = ["format", "version", "scenario", "cluster"]
    static let endKeys = ["end", "at_us", "events_processed", "trace_hash"]
    /// Where an action sits in the history; recordings only (a scenario's `at` is `at_us` here).
    static let positionKeys = ["at_us", "after_events", "origin", "action"]

    public static func parse(_ text: String, file: String) throws(InputError) -> Recording {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count <= Recording.maxLines else { throw InputError(file: file, "more than \(Recording.maxLines) lines") }
        var header: (String, ClusterConfiguration)?
        var actions: [(PerformedAction, line: Int)] = []
        var end: (time: VirtualTime, events: Int, hash: String)?
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
            if let (_, configuration) = header {
                if fields.has("end") {
                    try fields.only(endKeys)
                    guard case .flag(true) = try fields.value(KeyDescriptor("end", .flag, "")) else { throw fields.fail("end", "must be true") }
                    end = (VirtualTime(microseconds: try fields.micros("at_us")), try fields.int("events_processed", 0...Recording.maxEventCount),
                           try fields.string("trace_hash"))
                } else {
                    actions.append((try parseAction(fields, configuration: configuration), number))
                }
            } else {
                header = try parseHeader(fields)
            }
        }
        guard let (name, configuration) = header else { throw InputError(file: file, line: 1, "empty recording") }
        guard let end else {
            let last = lines.last?.isEmpty == true ? lines.count - 1 : lines.count
            throw InputError(file: file, line: max(1, last), "truncated recording: no closing line with the trace hash; refusing to replay")
        }
        guard end.hash.count == 16, end.hash.allSatisfy(\.isHexDigit) else {
            throw InputError(file: file, line: lines.count - 1, "trace_hash: must be 16 hex digits")
        }
        try checkOrder(actions, end: end, file: file)
        return Recording(scenarioName: name, configuration: configuration, actions: actions.map(\.0), endTime: end.time,
                         endEventCount: end.events, traceHash: end.hash)
    }

    /// Actions were recorded as they happened: in time order, each after at least as many
    /// events as the one before, and none past the recorded end. A file that says otherwise
    /// was edited or damaged; replaying it would only report differing hashes.
    private static func checkOrder(_ actions: [(PerformedAction, line: Int)], end: (time: VirtualTime, events: Int, hash: String),
                                   file: String) throws(InputError) {
        var previous: PerformedAction?
        for (action, line) in actions {
            if let previous, action.time < previous.time {
                throw InputError(file: file, line: line, "at_us: \(action.time.microseconds) is earlier than the action before it (\(previous.time.microseconds)); actions must be in time order")
            }
            if let previous, action.afterEvents < previous.afterEvents {
                throw InputError(file: file, line: line, "after_events: \(action.afterEvents) is fewer than the action before it (\(previous.afterEvents)); actions must be in history order")
            }
            guard action.time <= end.time else {
                throw InputError(file: file, line: line, "at_us: \(action.time.microseconds) is after the recorded end (\(end.time.microseconds))")
            }
            guard action.afterEvents <= end.events else {
                throw InputError(file: file, line: line, "after_events: \(action.afterEvents) is more than the \(end.events) events the history has")
            }
            previous = action
        }
    }

    private static func parseHeader(_ fields: Fields) throws(InputError) -> (String, ClusterConfiguration) {
        guard fields.has("format") else { throw fields.fail("format", "missing: the first line must be the recording header") }
        guard try fields.string("format") == Recording.formatName else { throw fields.fail("format", "not an aureon recording") }
        let version = try fields.int("version", 0...Int.max)
        guard version == Recording.version else {
            throw fields.fail("version", "unsupported recording version \(version) (this build reads version \(Recording.version))")
        }
        try fields.only(headerKeys)
        let cluster = try fields.object("cluster")
        try cluster.only(ConfigurationKeys.all.map(\.descriptor.recordingKey), context: "cluster")
        var configuration = ClusterConfiguration()
        var written: [String] = []
        for key in ConfigurationKeys.all {
            key.write(&configuration, try cluster.value(key.descriptor, context: "cluster"))
            written.append(key.name)
        }
        if let violation = ConfigurationRules.check(configuration, written: written) {
            throw fields.fail("cluster.\(violation.key)", violation.problem)
        }
        do {
            try configuration.validate()
        } catch {
            throw fields.fail("cluster.\(error.key)", error.problem)
        }
        let name = try fields.string("scenario")
        guard name.utf8.count <= 4_096 else { throw fields.fail("scenario", "is longer than 4096 bytes") }
        return (name, configuration)
    }

    private static func parseAction(_ fields: Fields, configuration: ClusterConfiguration) throws(InputError) -> PerformedAction {
        let verbName = try fields.string("action")
        guard let verb = ActionVerbs.named(verbName) else {
            throw fields.fail("action", "unknown action '\(EchoedValue.cut(verbName))' (expected one of: \(ActionVerbs.names.sorted().joined(separator: ", ")))")
        }
        try fields.only(positionKeys + verb.keys.map(\.recordingKey))
        var values: [String: VocabularyValue] = [:]
        var run: RunSpec?
        for key in verb.keys {
            if key.type.isRun {
                run = try parseRun(try fields.object(key.recordingKey))
            } else {
                values[key.name] = try fields.value(key)
            }
        }
        let kind: ScenarioAction.Kind
        do {
            kind = try ActionVerbs.build(verb, values: values, run: run, line: fields.line)
        } catch {
            throw fields.fail(error.key, error.problem)
        }
        let time = VirtualTime(microseconds: try fields.micros("at_us"))
        let scenarioAction = ScenarioAction(at: time - .zero, kind: kind, line: fields.line)
        let action = try scenarioAction.resolve(nodeCount: configuration.nodeCount, file: fields.file)
        let originText = try fields.string("origin")
        guard let origin = PerformedAction.Origin(rawValue: originText) else {
            throw fields.fail("origin", "must be 'interactive' or 'scheduled' (got '\(EchoedValue.cut(originText))')")
        }
        return PerformedAction(time: time, afterEvents: try fields.int("after_events", 0...Recording.maxEventCount), origin: origin, action: action)
    }

    private static func parseRun(_ fields: Fields) throws(InputError) -> RunSpec {
        try fields.only(RunKeys.all.map(\.descriptor.recordingKey), context: "run")
        var spec = RunSpec(id: RunID("run"), items: 1, shardSize: 1)
        for key in RunKeys.all { key.write(&spec, try fields.value(key.descriptor, context: "run")) }
        if let (key, problem) = RunKeys.check(spec) { throw fields.fail("run.\(key == "run" ? "id" : key)", problem) }
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

    /// Refuses keys outside `allowed` (sorted, so the message does not depend on hashing).
    func only(_ allowed: [String], context: String? = nil) throws(InputError) {
        if let unknown = object.keys.filter({ !allowed.contains($0) }).sorted().first {
            let prefix = context.map { "\($0)." } ?? ""
            let expected = allowed.count <= 10 ? " (expected one of: \(allowed.joined(separator: ", ")))" : " (not a key of recording version \(Recording.version))"
            throw fail(prefix + EchoedValue.cut(unknown), "unknown key" + expected)
        }
    }

    /// The value of `descriptor`'s recording key, which must be present (`null` where optional).
    func value(_ descriptor: KeyDescriptor, context: String? = nil) throws(InputError) -> VocabularyValue {
        let key = descriptor.recordingKey
        let name = context.map { "\($0).\(key)" } ?? key
        guard let raw = object[key] else { throw fail(name, "missing") }
        switch descriptor.type.decode(raw) {
        case let .success(value): return value
        case let .failure(problem): throw fail(name, problem.message)
        }
    }

    func string(_ key: String) throws(InputError) -> String {
        guard let value = object[key] as? String else { throw fail(key, "missing or not text") }
        return value
    }

    func int(_ key: String, _ range: ClosedRange<Int>) throws(InputError) -> Int {
        guard case let .integer(value) = try self.value(KeyDescriptor(key, .integer(range), "")) else { throw fail(key, "missing") }
        return value
    }

    /// A non-negative duration in microseconds.
    func micros(_ key: String) throws(InputError) -> Int64 {
        guard let raw = object[key] else { throw fail(key, "missing") }
        guard case let .success(.duration(value)) = ValueType.duration(positive: false).decode(raw) else {
            throw fail(key, "must be a whole, non-negative number of microseconds")
        }
        return value.microseconds
    }

    func object(_ key: String) throws(InputError) -> Fields {
        guard let value = object[key] as? [String: Any] else { throw fail(key, "missing or not an object") }
        return Fields(object: value, file: file, line: line)
    }
}
