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

    /// Where a branch leaves its parent (version 3).
    static let branchKeys = ["branch", "parent", "fork_at_us", "fork_after_events", "inherited_actions"]
    /// Branch names: short, printable, safe in a terminal and on a command line.
    static let branchNameLimit = 64

    /// One block of the file: main, or a branch after its branch line.
    private struct Block {
        var name = Branch.mainName
        var parent: String?
        var fork = HistoryPosition(time: .zero, eventCount: 0)
        var inherited = 0
        var line = 1
        var actions: [(PerformedAction, line: Int)] = []
        var end: (time: VirtualTime, events: Int, hash: String, line: Int)?
    }

    public static func parse(_ text: String, file: String) throws(InputError) -> Recording {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count <= Recording.maxLines else { throw InputError(file: file, "more than \(Recording.maxLines) lines") }
        var header: (String, ClusterConfiguration, version: Int)?
        var blocks: [Block] = []
        for (offset, raw) in lines.enumerated() {
            let number = offset + 1
            if raw.isEmpty {
                // Only the final newline may leave an empty last element.
                guard offset == lines.count - 1 else { throw InputError(file: file, line: number, "empty line") }
                continue
            }
            guard raw.utf8.count <= Recording.maxLineBytes else { throw InputError(file: file, line: number, "line longer than 64 KiB") }
            let fields = try Fields(raw, file: file, line: number)
            guard let (_, configuration, version) = header else {
                header = try parseHeader(fields)
                blocks = [Block()]
                continue
            }
            if blocks[blocks.count - 1].end != nil {
                guard version >= 3, fields.has("branch") else { throw InputError(file: file, line: number, "content after the closing line") }
                blocks.append(try parseBranchLine(fields, before: blocks))
            } else if fields.has("end") {
                try fields.only(endKeys)
                guard case .flag(true) = try fields.value(KeyDescriptor("end", .flag, "")) else { throw fields.fail("end", "must be true") }
                let hash = try fields.string("trace_hash")
                guard hash.count == 16, hash.allSatisfy(\.isHexDigit) else { throw fields.fail("trace_hash", "must be 16 hex digits") }
                blocks[blocks.count - 1].end = (VirtualTime(microseconds: try fields.micros("at_us")),
                                                try fields.int("events_processed", 0...Recording.maxEventCount), hash, number)
            } else if fields.has("branch") {
                throw fields.fail("branch", "a branch starts only after the closing line of the one before")
            } else {
                blocks[blocks.count - 1].actions.append((try parseAction(fields, configuration: configuration), number))
            }
        }
        guard let (name, configuration, _) = header else { throw InputError(file: file, line: 1, "empty recording") }
        guard let last = blocks.last, last.end != nil else {
            let last = lines.last?.isEmpty == true ? lines.count - 1 : lines.count
            throw InputError(file: file, line: max(1, last), "truncated recording: no closing line with the trace hash; refusing to replay")
        }
        var branches: [Branch] = []
        for block in blocks {
            let end = block.end!
            try checkOrder(block.actions, after: block.fork, end: (end.time, end.events), file: file)
            var actions = block.actions.map(\.0)
            if let parent = block.parent, let parentBranch = branches.first(where: { $0.name == parent }) {
                actions = Array(parentBranch.actions.prefix(block.inherited)) + actions
            }
            guard HistoryPosition(time: end.time, eventCount: end.events) >= block.fork else {
                throw InputError(file: file, line: end.line, "at_us: the branch ends before its fork")
            }
            branches.append(Branch(name: block.name, parent: block.parent, fork: block.fork, inheritedActionCount: block.inherited,
                                   actions: actions, end: HistoryPosition(time: end.time, eventCount: end.events), endTraceHash: end.hash))
        }
        let main = branches[0]
        return Recording(scenarioName: name, configuration: configuration, actions: main.actions, endTime: main.end.time,
                         endEventCount: main.end.eventCount, traceHash: main.endTraceHash, branches: Array(branches.dropFirst()))
    }

    /// A branch line: a new name, a parent earlier in the file, a fork inside the parent's
    /// history, and no more inherited actions than the parent has before the fork.
    private static func parseBranchLine(_ fields: Fields, before blocks: [Block]) throws(InputError) -> Block {
        try fields.only(branchKeys)
        var block = Block()
        block.line = fields.line
        block.name = try fields.string("branch")
        guard !block.name.isEmpty, block.name.utf8.count <= branchNameLimit,
              block.name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "-_.".unicodeScalars.contains($0)) })
        else { throw fields.fail("branch", "'\(EchoedValue.cut(block.name))' is not a branch name (1–\(branchNameLimit) letters, digits, '-', '_' or '.')") }
        guard !blocks.contains(where: { $0.name == block.name }) else { throw fields.fail("branch", "'\(block.name)' is named twice") }
        let parentName = try fields.string("parent")
        guard let parent = blocks.first(where: { $0.name == parentName }) else {
            throw fields.fail("parent", "no branch '\(EchoedValue.cut(parentName))' before this line")
        }
        block.parent = parentName
        block.fork = HistoryPosition(time: VirtualTime(microseconds: try fields.micros("fork_at_us")),
                                     eventCount: try fields.int("fork_after_events", 0...Recording.maxEventCount))
        if let end = parent.end, block.fork > HistoryPosition(time: end.time, eventCount: end.events) {
            throw fields.fail("fork_at_us", "the fork is after the end of branch '\(parentName)'")
        }
        guard block.fork >= parent.fork else { throw fields.fail("fork_at_us", "the fork is before branch '\(parentName)' began") }
        let parentActions = parent.inherited + parent.actions.count
        block.inherited = try fields.int("inherited_actions", 0...parentActions)
        let ownInherited = block.inherited - parent.inherited
        if ownInherited > 0, HistoryPosition(of: parent.actions[ownInherited - 1].0) > block.fork {
            throw fields.fail("inherited_actions", "takes an action of '\(parentName)' from after the fork")
        }
        guard ownInherited >= 0 else { throw fields.fail("inherited_actions", "fewer than '\(parentName)' itself inherited (\(parent.inherited))") }
        return block
    }

    /// Actions were recorded as they happened: in time order, each after at least as many
    /// events as the one before, and none past the recorded end. A file that says otherwise
    /// was edited or damaged; replaying it would only report differing hashes.
    private static func checkOrder(_ actions: [(PerformedAction, line: Int)], after fork: HistoryPosition,
                                   end: (time: VirtualTime, events: Int), file: String) throws(InputError) {
        var previous: PerformedAction?
        for (action, line) in actions {
            guard HistoryPosition(of: action) >= fork else {
                throw InputError(file: file, line: line, "at_us: \(action.time.microseconds) is before the branch's fork (\(fork.time.microseconds))")
            }
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

    private static func parseHeader(_ fields: Fields) throws(InputError) -> (String, ClusterConfiguration, version: Int) {
        guard fields.has("format") else { throw fields.fail("format", "missing: the first line must be the recording header") }
        guard try fields.string("format") == Recording.formatName else { throw fields.fail("format", "not an aureon recording") }
        let version = try fields.int("version", 0...Int.max)
        guard Recording.readableVersions.contains(version) else {
            throw fields.fail("version", "unsupported recording version \(version) (this build reads versions \(Recording.readableVersions.lowerBound)–\(Recording.readableVersions.upperBound))")
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
        return (name, configuration, version)
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
