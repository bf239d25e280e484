import AureonCluster
import AureonEngine
import AureonScenario
import Foundation
import Yams

/// Reads drill files. They share the scenario format (`seed`, `cluster`, `runs`, and the
/// action vocabulary for injects), read by the scenario parser's own functions; every error is
/// one line `file:line: key: problem` and nothing is used from a file that has any error.
public enum DrillParser {
    static let topKeys: Set<String> = [
        "name", "title", "level", "briefing", "seed", "cluster", "runs", "time_limit", "pass_mark", "injects", "objectives",
        "hints", "debrief", "patience",
    ]
    static let objectiveCommonKeys: Set<String> = ["name", "text", "points", "penalty", "required"]
    static let hintKeys: Set<String> = ["after", "cost", "text"]
    static let triggerKeys: Set<String> = ["run", "progress", "commits", "objective"]
    /// Limits on what one drill may hold.
    public static let maxInjects = 100
    public static let maxObjectives = 50
    public static let maxHints = 20
    public static let maxRuns = 50
    public static let maxTimeLimit = VirtualDuration.hours(24)

    public static func load(path: String) throws(InputError) -> Drill {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, FileManager.default.fileExists(atPath: path) ? "cannot read file" : "no such file")
        }
        guard data.count <= 1024 * 1024 else { throw InputError(file: path, "file is larger than 1 MiB") }
        guard let text = String(data: data, encoding: .utf8) else { throw InputError(file: path, "not UTF-8 text") }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(InputError) -> Drill {
        let reader = YAMLReader(file: file)
        let root = try reader.document(text)
        let pairs = try reader.mapping(root, context: "drill", allowed: topKeys)
        let baseName = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        var scenario = Scenario(name: baseName, configuration: ClusterConfiguration(), source: file)
        var drill = Drill(name: baseName, title: baseName, level: .beginner, briefing: "", scenario: scenario, timeLimit: .minutes(10),
                          passMark: 0, injects: [], objectives: [], hints: [], debrief: "", patience: nil, source: file,
                          fileHash: Self.hash(text))
        // The cluster first: node names in injects and objectives are checked against its size.
        for (key, _, value) in pairs {
            switch key {
            case "seed": scenario.configuration.seed = try reader.unsigned(value, key: "seed")
            case "cluster": try ScenarioParser.parseCluster(value, into: &scenario.configuration, reader: reader)
            default: break
            }
        }
        do {
            try scenario.configuration.validate()
        } catch {
            throw InputError(file: file, line: reader.line(root), "cluster.\(error.key): \(error.problem)")
        }
        let nodeCount = scenario.configuration.nodeCount
        for (key, _, value) in pairs {
            switch key {
            case "name": drill.name = try reader.string(value, key: "name")
            case "title": drill.title = try reader.string(value, key: "title")
            case "level":
                let text = try reader.string(value, key: "level")
                guard let level = DrillLevel(rawValue: text) else {
                    throw reader.fail(value, "level: must be beginner, intermediate or expert (got '\(text)')")
                }
                drill.level = level
            case "briefing": drill.briefing = try reader.string(value, key: "briefing")
            case "debrief": drill.debrief = try reader.string(value, key: "debrief")
            case "patience": drill.patience = try reader.string(value, key: "patience")
            case "time_limit":
                let limit = try reader.duration(value, key: "time_limit")
                guard limit > .zero, limit <= maxTimeLimit else { throw reader.fail(value, "time_limit: must be between 1s and 24h") }
                drill.timeLimit = limit
            case "pass_mark": drill.passMark = try reader.integer(value, key: "pass_mark", range: 0...1_000_000)
            case "runs":
                let items = try reader.sequence(value, context: "runs")
                guard items.count <= maxRuns else { throw reader.fail(value, "runs: at most \(maxRuns) runs") }
                for item in items {
                    if let mapping = item.mapping, let repeatKey = mapping.keys.first(where: { $0.scalar?.string == "repeat" }) {
                        throw reader.fail(repeatKey, "runs: repeat: drills schedule each run once")
                    }
                    let (at, spec) = try ScenarioParser.parseRun(item, defaultID: RunID.sequential(scenario.runs.count + 1), reader: reader,
                                                                 allowAt: true)
                    guard !scenario.runs.contains(where: { $0.spec.id == spec.id }) else {
                        throw reader.fail(item, "runs: id: '\(spec.id)' is used twice")
                    }
                    scenario.runs.append(ScheduledRun(at: at, spec: spec, line: reader.line(item)))
                }
            case "injects":
                let items = try reader.sequence(value, context: "injects")
                guard items.count <= maxInjects else { throw reader.fail(value, "injects: at most \(maxInjects) injects") }
                for item in items { drill.injects.append(try parseInject(item, index: drill.injects.count, nodeCount: nodeCount, reader: reader)) }
            case "objectives":
                let items = try reader.sequence(value, context: "objectives")
                guard items.count <= maxObjectives else { throw reader.fail(value, "objectives: at most \(maxObjectives) objectives") }
                for item in items {
                    let objective = try parseObjective(item, index: drill.objectives.count, nodeCount: nodeCount, reader: reader)
                    guard !drill.objectives.contains(where: { $0.name == objective.name }) else {
                        throw reader.fail(item, "objectives: name: '\(objective.name)' is used twice")
                    }
                    drill.objectives.append(objective)
                }
            case "hints":
                let items = try reader.sequence(value, context: "hints")
                guard items.count <= maxHints else { throw reader.fail(value, "hints: at most \(maxHints) hints") }
                for item in items { drill.hints.append(try parseHint(item, reader: reader)) }
            default: break
            }
        }
        scenario.name = drill.name
        drill.scenario = scenario
        try check(drill, root: root, reader: reader)
        return drill
    }

    /// Cross-checks that need the whole file: references between sections, a reachable pass mark.
    private static func check(_ drill: Drill, root: Node, reader: YAMLReader) throws(InputError) {
        guard !drill.objectives.isEmpty else { throw reader.fail(root, "objectives: a drill needs at least one objective") }
        guard !drill.scenario.runs.isEmpty else { throw reader.fail(root, "runs: a drill needs at least one run") }
        guard drill.passMark <= drill.maxScore else {
            throw reader.fail(root, "pass_mark: \(drill.passMark) is more than the \(drill.maxScore) points the objectives give")
        }
        for inject in drill.injects {
            switch inject.trigger {
            case let .runProgress(run, _):
                guard drill.scenario.runs.contains(where: { $0.spec.id == run }) else {
                    throw InputError(file: drill.source, line: inject.line, "injects: when.run: no run '\(run)' in this drill")
                }
            case let .objectiveMet(name):
                guard drill.objectives.contains(where: { $0.name == name }) else {
                    throw InputError(file: drill.source, line: inject.line, "injects: when.objective: no objective '\(name)' in this drill")
                }
            case let .at(time):
                guard time <= drill.timeLimit else {
                    throw InputError(file: drill.source, line: inject.line, "injects: at: \(time) is after the time limit \(drill.timeLimit)")
                }
            case .commits: break
            }
        }
    }

    // MARK: sections

    private static func parseInject(_ node: Node, index: Int, nodeCount: Int, reader: YAMLReader) throws(InputError) -> Inject {
        guard let mapping = node.mapping else { throw reader.fail(node, "injects: each inject must be a mapping") }
        var name = "inject-\(index + 1)"
        var page: String?
        var trigger: InjectTrigger?
        /// Which network plane a message fault hits (the scenario syntax reaches all planes).
        var plane: (NetworkPlane, Node)?
        var actionPairs: [(Node, Node)] = []
        var hasAt = false
        for (keyNode, value) in mapping {
            switch keyNode.scalar?.string {
            case "name": name = try reader.string(value, key: "injects: name")
            case "page": page = try reader.string(value, key: "injects: page")
            case "when": trigger = try parseTrigger(value, reader: reader)
            case "plane":
                let text = try reader.string(value, key: "injects: plane")
                guard let parsed = NetworkPlane(rawValue: text) else {
                    throw reader.fail(value, "injects: plane: must be control, data or all (got '\(text)')")
                }
                plane = (parsed, value)
            case "at":
                hasAt = true
                actionPairs.append((keyNode, value))
            default: actionPairs.append((keyNode, value))
            }
        }
        if hasAt, trigger != nil { throw reader.fail(node, "injects: an inject has either at: or when:, not both") }
        if !hasAt && trigger == nil { throw reader.fail(node, "injects: an inject needs at: (a time) or when: (a condition)") }
        if !hasAt { actionPairs.append((Node("at"), Node("0s"))) }  // the condition decides when; the action's own time is unused
        let scenarioAction = try ScenarioParser.parseAction(Node.mapping(Node.Mapping(actionPairs, .implicit, .any, node.mapping?.mark)), reader: reader)
        if case .say = scenarioAction.kind { throw reader.fail(node, "injects: say: use page: to tell the trainee something") }
        var action = try scenarioAction.resolve(nodeCount: nodeCount, file: reader.file)
        if let (plane, planeNode) = plane {
            switch action {
            case let .messageLoss(probability, _, duration): action = .messageLoss(probability: probability, plane: plane, duration: duration)
            case let .messageDelay(delay, _, duration): action = .messageDelay(delay, plane: plane, duration: duration)
            default: throw reader.fail(planeNode, "injects: plane: only message_loss and message_delay take a plane")
            }
        }
        return Inject(name: name, trigger: trigger ?? .at(scenarioAction.at), action: action, page: page, line: reader.line(node))
    }

    private static func parseTrigger(_ node: Node, reader: YAMLReader) throws(InputError) -> InjectTrigger {
        let pairs = try reader.mapping(node, context: "when", allowed: triggerKeys)
        var run: RunID?
        var progress: Double?
        var result: InjectTrigger?
        for (key, _, value) in pairs {
            switch key {
            case "run": run = RunID(try reader.string(value, key: "when.run"))
            case "progress": progress = try fraction(value, key: "when.progress", reader: reader)
            case "commits": result = .commits(try reader.integer(value, key: "when.commits", range: 1...RunSpec.maxShards))
            default: result = .objectiveMet(try reader.string(value, key: "when.objective"))
            }
        }
        if let run {
            guard let progress else { throw reader.fail(node, "when: run: needs progress: (such as 40%)") }
            guard result == nil, pairs.count == 2 else { throw reader.fail(node, "when: give one condition: run + progress, commits or objective") }
            return .runProgress(run, fraction: progress)
        }
        guard progress == nil else { throw reader.fail(node, "when: progress: needs run: (the run it measures)") }
        guard let result, pairs.count == 1 else { throw reader.fail(node, "when: give one condition: run + progress, commits or objective") }
        return result
    }

    private static func fraction(_ node: Node, key: String, reader: YAMLReader) throws(InputError) -> Double {
        let text = try reader.string(node, key: key)
        let value = text.hasSuffix("%") ? Double(text.dropLast()).map { $0 / 100 } : Double(text)
        guard let value, value.isFinite, value > 0, value <= 1 else {
            throw reader.fail(node, "\(key): must be a fraction such as 40% or 0.4, above 0 and at most 100% (got '\(text)')")
        }
        return value
    }

    private static func parseObjective(_ node: Node, index: Int, nodeCount: Int, reader: YAMLReader) throws(InputError) -> Objective {
        let allowed = objectiveCommonKeys.union(ObjectiveKind.keywords)
        let pairs = try reader.mapping(node, context: "objectives", allowed: allowed)
        var objective = Objective(name: "objective-\(index + 1)", text: "", kind: .invariantsHold, points: 0, penalty: 0, required: true,
                                  line: reader.line(node))
        var kind: (String, ObjectiveKind)?
        func nodeID(_ value: Node, key: String) throws(InputError) -> NodeID {
            let name = try reader.string(value, key: key)
            guard let id = NodeNaming(nodeCount: nodeCount).parse(name, nodeCount: nodeCount) else {
                throw reader.fail(value, "\(key): unknown node '\(name)' (the cluster has \(nodeCount) nodes)")
            }
            return id
        }
        for (key, keyNode, value) in pairs {
            let parsed: ObjectiveKind
            switch key {
            case "name": objective.name = try reader.string(value, key: "objectives: name"); continue
            case "text": objective.text = try reader.string(value, key: "objectives: text"); continue
            case "points": objective.points = try reader.integer(value, key: "objectives: points", range: 0...10_000); continue
            case "penalty": objective.penalty = try reader.integer(value, key: "objectives: penalty", range: 0...10_000); continue
            case "required": objective.required = try reader.boolean(value, key: "objectives: required"); continue
            case "runs_complete_by": parsed = .runsCompleteBy(try reader.duration(value, key: key))
            case "drained_by":
                var target: NodeID?
                var at: VirtualDuration?
                for (field, _, fieldValue) in try reader.mapping(value, context: key, allowed: ["node", "at"]) {
                    if field == "node" { target = try nodeID(fieldValue, key: "drained_by.node") } else { at = try reader.duration(fieldValue, key: "drained_by.at") }
                }
                guard let target, let at else { throw reader.fail(value, "drained_by: needs node: and at:") }
                parsed = .drainedBy(target, at: at)
            case "respond":
                var target: NodeID?
                var within: VirtualDuration?
                var actions: [ResponseAction] = []
                for (field, _, fieldValue) in try reader.mapping(value, context: key, allowed: ["node", "with", "within"]) {
                    switch field {
                    case "node": target = try nodeID(fieldValue, key: "respond.node")
                    case "within": within = try reader.duration(fieldValue, key: "respond.within")
                    default:
                        let items = fieldValue.sequence.map(Array.init) ?? [fieldValue]
                        for item in items {
                            let text = try reader.string(item, key: "respond.with")
                            guard let response = ResponseAction(rawValue: text) else {
                                throw reader.fail(item, "respond.with: must be \(ResponseAction.allCases.map(\.rawValue).joined(separator: ", ")) (got '\(text)')")
                            }
                            actions.append(response)
                        }
                    }
                }
                guard let target, let within, !actions.isEmpty else { throw reader.fail(value, "respond: needs node:, with: and within:") }
                parsed = .respond(target, actions: actions, within: within)
            case "max_dead_lettered": parsed = .maxDeadLettered(try reader.integer(value, key: key, range: 0...Int.max))
            case "max_redeliveries": parsed = .maxRedeliveries(try reader.integer(value, key: key, range: 0...Int.max))
            case "max_leases_expired": parsed = .maxLeasesExpired(try reader.integer(value, key: key, range: 0...Int.max))
            case "no_busy_kill", "invariants_hold":
                guard try reader.boolean(value, key: key) else { throw reader.fail(value, "\(key): write \(key): true, or leave the objective out") }
                parsed = key == "no_busy_kill" ? .noBusyKill : .invariantsHold
            default:  // only_touch
                let items = value.sequence.map(Array.init) ?? [value]
                var nodes: [NodeID] = []
                for item in items { nodes.append(try nodeID(item, key: "only_touch")) }
                parsed = .onlyTouch(nodes)
            }
            if let (first, _) = kind { throw reader.fail(keyNode, "objectives: an objective has one kind, not both '\(first)' and '\(key)'") }
            kind = (key, parsed)
        }
        guard let (keyword, parsedKind) = kind else {
            throw reader.fail(node, "objectives: an objective needs one of: \(ObjectiveKind.keywords.sorted().joined(separator: ", "))")
        }
        objective.kind = parsedKind
        if objective.text.isEmpty { objective.text = keyword }
        return objective
    }

    private static func parseHint(_ node: Node, reader: YAMLReader) throws(InputError) -> Hint {
        var hint = Hint(text: "", after: .minutes(2), cost: 0)
        for (key, _, value) in try reader.mapping(node, context: "hints", allowed: hintKeys) {
            switch key {
            case "text": hint.text = try reader.string(value, key: "hints: text")
            case "after":
                hint.after = try reader.duration(value, key: "hints: after")
                guard hint.after > .zero else { throw reader.fail(value, "hints: after: must be longer than zero") }
            default: hint.cost = try reader.integer(value, key: "hints: cost", range: 0...10_000)
            }
        }
        guard !hint.text.isEmpty else { throw reader.fail(node, "hints: text: a hint needs its text") }
        return hint
    }

    /// FNV-1a over the file's bytes: which version of the drill an attempt was made on.
    static func hash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
