import AureonCluster
import AureonEngine
import AureonInput
import Foundation
import Yams

/// Reads scenario files. Every key, type and range comes from the vocabulary tables
/// (`Vocabulary/`); every error is one line `file:line: key: problem`, and nothing is applied
/// from a file that has any error.
public enum ScenarioParser {
    /// The top-level keys of a scenario.
    public static let topKeys = ["name", "description", "seed", "cluster", "runs", "actions", "expect"]
    /// Limits on what one file may ask for.
    public static let maxRuns = 1_000
    public static let maxActions = 100_000
    static let nameKey = KeyDescriptor("name", .text(maxBytes: 256), "the scenario's name (default: the file name)")
    static let descriptionKey = KeyDescriptor("description", .text(maxBytes: 4_096), "one line shown by `aureon demo`")

    /// Loads and parses a scenario file.
    public static func load(path: String) throws(InputError) -> Scenario {
        switch TextFile.read(path: path) {
        case let .success(text): return try parse(text, file: path)
        case let .failure(problem): throw InputError(file: path, line: problem.line, problem.message)
        }
    }

    public static func parse(_ text: String, file: String) throws(InputError) -> Scenario {
        let reader = YAMLReader(file: file)
        let root = try reader.document(text)
        var scenario = Scenario(name: (file as NSString).lastPathComponent, configuration: ClusterConfiguration(), source: file)
        var seedLine: Int?
        var clusterNode: Node?
        for (key, keyNode, value) in try reader.mapping(root, context: "scenario", allowed: topKeys) {
            switch key {
            case "name": if case let .text(name) = try reader.value(value, nameKey) { scenario.name = name }
            case "description": if case let .text(text) = try reader.value(value, descriptionKey) { scenario.description = text }
            case "seed":
                if case let .unsigned(seed) = try reader.value(value, KeyDescriptor("seed", .unsigned, "")) { scenario.configuration.seed = seed }
                seedLine = reader.line(keyNode)
            case "cluster": clusterNode = value
            case "runs":
                let items = try reader.sequence(value, context: "runs")
                guard items.count <= maxRuns else { throw reader.fail(value, key: "runs", "at most \(maxRuns) runs") }
                for item in items { try appendRuns(item, to: &scenario, reader: reader) }
            case "actions":
                let items = try reader.sequence(value, context: "actions")
                guard items.count <= maxActions else { throw reader.fail(value, key: "actions", "at most \(maxActions) actions") }
                for item in items { scenario.actions.append(try parseAction(item, reader: reader)) }
            case "expect": scenario.expectations = try parseExpectations(value, reader: reader)
            default: break
            }
        }
        if let clusterNode { try parseCluster(clusterNode, into: &scenario.configuration, seedLine: seedLine, reader: reader) }
        try checkRunIDs(scenario, file: file)
        // Node names depend on the final node count; check them now for the file's own count.
        for action in scenario.actions { _ = try action.resolve(nodeCount: scenario.configuration.nodeCount, file: file) }
        return scenario
    }

    static func parseCluster(_ node: Node, into configuration: inout ClusterConfiguration, seedLine: Int?,
                                     reader: YAMLReader) throws(InputError) {
        var written: [String] = []
        var lines: [String: Int] = [:]
        for (key, keyNode, value) in try reader.mapping(node, context: "cluster", allowed: ConfigurationKeys.names) {
            guard let entry = ConfigurationKeys.named(key) else { continue }
            if key == "seed", let seedLine {
                throw reader.fail(keyNode, key: "cluster.seed", "the seed is already given on line \(seedLine)")
            }
            entry.write(&configuration, try reader.value(value, entry.descriptor, key: "cluster.\(key)"))
            written.append(key)
            lines[key] = reader.line(keyNode)
        }
        if let violation = ConfigurationRules.check(configuration, written: written) {
            throw InputError(file: reader.file, line: lines[violation.key] ?? reader.line(node), "cluster.\(violation.key): \(violation.problem)")
        }
        do {
            try configuration.validate()
        } catch {
            throw InputError(file: reader.file, line: lines[error.key] ?? reader.line(node), "cluster.\(error.key): \(error.problem)")
        }
    }

    /// A `runs:` item, with its `repeat:` copies.
    private static func appendRuns(_ item: Node, to scenario: inout Scenario, reader: YAMLReader) throws(InputError) {
        let parsed = try parseRun(item, defaultID: RunID.sequential(scenario.runs.count + 1), reader: reader, scheduling: true)
        let count = parsed.repeatCount ?? 1
        if count > 1, parsed.every == nil {
            throw reader.fail(item, key: "repeat", "needs 'every:' (a positive duration)")
        }
        guard scenario.runs.count + count <= maxRuns else { throw reader.fail(item, key: "runs", "at most \(maxRuns) runs in all") }
        let every = parsed.every ?? .zero
        for copy in 0..<count {
            var instance = parsed.spec
            if copy > 0 {
                let suffix = String(copy + 1)
                instance.id = parsed.explicitID ? RunID(parsed.spec.id.rawValue + "-" + String(repeating: "0", count: max(0, 3 - suffix.count)) + suffix)
                    : RunID.sequential(scenario.runs.count + 1)
            }
            scenario.runs.append(ScheduledRun(at: parsed.at + every * Int64(copy), spec: instance, line: reader.line(item)))
        }
    }

    struct ParsedRun {
        var spec: RunSpec
        var at = VirtualDuration.zero
        var repeatCount: Int?
        var every: VirtualDuration?
        var explicitID = false
    }

    /// A run mapping; `scheduling` admits `at`, `repeat` and `every` (a `runs:` item).
    static func parseRun(_ node: Node, defaultID: RunID, reader: YAMLReader, scheduling: Bool) throws(InputError) -> ParsedRun {
        var parsed = ParsedRun(spec: RunSpec(id: defaultID, items: 1_000, shardSize: 100))
        let allowed = RunKeys.all.map(\.name) + (scheduling ? RunKeys.scheduling.map(\.name) : [])
        var lines: [String: Int] = [:]
        for (key, keyNode, value) in try reader.mapping(node, context: scheduling ? "run" : "schedule", allowed: allowed) {
            lines[key] = reader.line(keyNode)
            if let entry = RunKeys.named(key) {
                entry.write(&parsed.spec, try reader.value(value, entry.descriptor))
                if key == "id" { parsed.explicitID = true }
                continue
            }
            switch (key, try reader.value(value, RunKeys.scheduling.first { $0.name == key } ?? RunKeys.at)) {
            case let ("at", .duration(at)): parsed.at = at
            case let ("repeat", .integer(count)): parsed.repeatCount = count
            case let ("every", .duration(every)): parsed.every = every
            default: break
            }
        }
        if let (key, problem) = RunKeys.check(parsed.spec) {
            let line = lines[key] ?? reader.line(node)
            throw InputError(file: reader.file, line: line, key == "run" ? "run \(EchoedValue.cut(parsed.spec.id.rawValue)): \(problem)" : "\(key): \(problem)")
        }
        return parsed
    }

    /// A run id used twice would leave the second run's shards unscheduled: refuse it.
    private static func checkRunIDs(_ scenario: Scenario, file: String) throws(InputError) {
        var first: [RunID: Int?] = [:]
        var declared: [(RunID, Int?)] = scenario.runs.map { ($0.spec.id, $0.line) }
        for action in scenario.actions { if case let .schedule(spec) = action.kind { declared.append((spec.id, action.line)) } }
        for (id, line) in declared {
            if let earlier = first[id] {
                let place = earlier.map { " (first on line \($0))" } ?? ""
                throw InputError(file: file, line: line, "id: run id '\(EchoedValue.cut(id.rawValue))' is used twice\(place)")
            }
            first[id] = line
        }
    }

    /// Reads one action (shared with drill files and their action lists).
    public static func parseAction(_ node: Node, reader: YAMLReader) throws(InputError) -> ScenarioAction {
        let pairs = try reader.mapping(node, context: "action")
        let verbs = pairs.filter { ActionVerbs.named($0.key) != nil }
        let verbList = ActionVerbs.names.sorted().joined(separator: ", ")
        guard let (verbName, verbKeyNode, verbValue) = verbs.first, let verb = ActionVerbs.named(verbName) else {
            if let unknown = pairs.first(where: { $0.key != "at" && !allParameterNames.contains($0.key) }) {
                throw reader.fail(unknown.keyNode, key: "action", "unknown action '\(EchoedValue.cut(unknown.key))' (expected one of: \(verbList))")
            }
            throw reader.fail(node, key: "action", "has no verb (one of: \(verbList))")
        }
        if verbs.count > 1 { throw reader.fail(verbs[1].keyNode, key: "action", "has two verbs: '\(verbName)' and '\(verbs[1].key)'") }
        var at: VirtualDuration?
        var values: [String: VocabularyValue] = [:]
        var run: RunSpec?
        func take(_ key: String, _ keyNode: Node, _ value: Node) throws(InputError) {
            guard let descriptor = verb.parameters.first(where: { $0.name == key }) ?? (verb.argument?.name == key ? verb.argument : nil) else {
                if ActionVerbs.named(key) == nil, !allParameterNames.contains(key) {
                    throw reader.fail(keyNode, key: "action", "unknown key '\(EchoedValue.cut(key))' (expected at and one of: \(verbList))")
                }
                let takes = verb.parameters.map(\.name)
                throw reader.fail(keyNode, key: verbName, "does not take '\(key):'" + (takes.isEmpty ? "" : " (it takes \(takes.joined(separator: ", ")))"))
            }
            guard values[key] == nil else { throw reader.fail(keyNode, key: key, "given twice") }
            values[key] = try reader.value(value, descriptor)
        }
        for (key, keyNode, value) in pairs where key != verbName {
            if key == "at" {
                if case let .duration(time) = try reader.value(value, ActionVerbs.at) { at = time }
            } else {
                try take(key, keyNode, value)
            }
        }
        switch (verb.argument, verbValue) {
        case let (argument?, _) where argument.type.isRun:
            let id = RunID("scheduled-\(reader.line(verbValue) ?? 0)")
            run = try parseRun(verbValue, defaultID: id, reader: reader, scheduling: false).spec
        case (_, .mapping):
            // The parameters inside the verb: `message_loss: { probability: 0.3, plane: data }`.
            for (key, keyNode, value) in try reader.mapping(verbValue, context: verbName, allowed: verb.keys.map(\.name)) {
                try take(key, keyNode, value)
            }
        case let (argument?, _):
            guard values[argument.name] == nil else { throw reader.fail(verbKeyNode, key: argument.name, "given twice") }
            values[argument.name] = try reader.value(verbValue, argument, key: verbName)
        case (nil, _):
            _ = try reader.value(verbValue, KeyDescriptor(verbName, .confirmation, ""))
        }
        guard let at else { throw reader.fail(node, key: verbName, "needs 'at:'") }
        do {
            let kind = try ActionVerbs.build(verb, values: values, run: run, line: reader.line(verbValue))
            return ScenarioAction(at: at, kind: kind, line: reader.line(node))
        } catch {
            throw reader.fail(verbKeyNode, key: error.key, error.problem)
        }
    }

    private static let allParameterNames = Set(ActionVerbs.all.flatMap { $0.parameters.map(\.name) })

    private static func parseExpectations(_ node: Node, reader: YAMLReader) throws(InputError) -> Expectations {
        var expectations = Expectations()
        for (key, _, value) in try reader.mapping(node, context: "expect", allowed: ExpectationKeys.all.map(\.name)) {
            guard let entry = ExpectationKeys.named(key) else { continue }
            entry.write(&expectations, try reader.value(value, entry.descriptor))
        }
        return expectations
    }
}

extension ValueType {
    var isRun: Bool {
        if case .run = self { return true }
        return false
    }
}

extension ScenarioParser {
    /// Reads a `cluster:` mapping into `configuration` (shared with drill files, which have no
    /// top-level seed to collide with).
    public static func parseCluster(_ node: Node, into configuration: inout ClusterConfiguration, reader: YAMLReader) throws(InputError) {
        try parseCluster(node, into: &configuration, seedLine: nil, reader: reader)
    }

    /// Reads one run, with `at:` when `allowAt` (shared with drill files).
    public static func parseRun(_ node: Node, defaultID: RunID, reader: YAMLReader, allowAt: Bool) throws(InputError) -> (VirtualDuration, RunSpec) {
        let parsed = try parseRun(node, defaultID: defaultID, reader: reader, scheduling: allowAt)
        return (parsed.at, parsed.spec)
    }
}
