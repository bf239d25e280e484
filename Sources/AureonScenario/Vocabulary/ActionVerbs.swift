import AureonCluster
import AureonEngine

/// One operator action or fault: its verb, the argument written as the verb's value in a
/// scenario (`kill: node-03`), and the other parameters it takes.
///
/// In a scenario an action is `{ at: T, VERB: ARGUMENT, PARAMETER: VALUE, … }`, or with the
/// parameters inside the verb: `message_loss: { probability: 0.3, plane: data }`. In a
/// recording it is `{"at_us": …, "action": "VERB", "ARGUMENT": …, "PARAMETER": …}` with the
/// same names (`_us` for durations). A verb without an argument is written `VERB: true`.
public struct ActionVerb: Sendable {
    public let name: String
    public let doc: String
    public let argument: KeyDescriptor?
    public let parameters: [KeyDescriptor]
    /// Parameters that must be given.
    public let required: [String]

    /// The argument and every parameter, in order.
    public var keys: [KeyDescriptor] { (argument.map { [$0] } ?? []) + parameters }
}

/// The action vocabulary: every verb of scenario files, recordings and `ClusterSimulation.perform`.
public enum ActionVerbs {
    public enum Parameter {
        public static let node = KeyDescriptor("node", .node, "the node (node-03)")
        public static let nodes = KeyDescriptor("nodes", .names, "a node or a list of nodes")
        public static let count = KeyDescriptor("count", .integer(0...ClusterConfiguration.maxNodes), "how many nodes, picked by the seeded generator")
        public static let run = KeyDescriptor("run", .run, "a run mapping (the keys of runs[] without at, repeat, every)")
        public static let factor = KeyDescriptor("factor", .number(1...1_000), "work takes this many times longer")
        public static let probability = KeyDescriptor("probability", .probability, "chance per execution, write or message")
        public static let delay = KeyDescriptor("delay", .duration(positive: false), "extra latency per message")
        public static let offset = KeyDescriptor("offset", .duration(positive: false), "how far behind the node's clock runs")
        public static let plane = KeyDescriptor("plane", .choice(NetworkPlane.allCases.map(\.rawValue)),
                                                "control, data or all (default all): which messages the fault touches")
        public static let duration = KeyDescriptor("for", .optionalDuration(positive: true), "end the fault after this long (default: until healed)")
        public static let rate = KeyDescriptor("faults_per_minute", .number(0...600), "chaos faults per virtual minute (0 stops chaos)")
        public static let text = KeyDescriptor("text", .text(maxBytes: 4_096), "the caption")
    }

    /// The key that places an action in time (recordings: `at_us`).
    public static let at = KeyDescriptor("at", .duration(positive: false), "virtual time of the action")

    public static let all: [ActionVerb] = {
        typealias P = Parameter
        func verb(_ name: String, _ argument: KeyDescriptor?, _ parameters: [KeyDescriptor] = [], required: [String] = [],
                  doc: String) -> ActionVerb {
            ActionVerb(name: name, doc: doc, argument: argument, parameters: parameters, required: required)
        }
        return [
            verb("drain", P.node, doc: "stop giving the node work; in-flight work finishes"),
            verb("resume", P.node, doc: "give a drained node work again"),
            verb("kill", P.node, doc: "crash the node: its leases expire and its work is redelivered"),
            verb("kill_random", P.count, doc: "kill this many live nodes"),
            verb("restart", P.node, doc: "restart a killed node (restart: killed restarts every killed node)"),
            verb("schedule", P.run, doc: "schedule a run"),
            verb("rebalance", nil, doc: "move ready work off draining nodes"),
            verb("partition", P.nodes, [P.duration], doc: "cut nodes off the network; they work on as zombies until fenced"),
            verb("heal", P.nodes, doc: "end a partition"),
            verb("slow", P.node, [P.factor, P.duration], required: ["factor"], doc: "a straggler: work takes factor times longer"),
            verb("flaky", P.node, [P.probability, P.duration], required: ["probability"], doc: "each execution fails with this probability"),
            verb("checkpoint_failures", P.node, [P.probability, P.duration], required: ["probability"], doc: "checkpoint writes fail with this probability"),
            verb("message_loss", P.probability, [P.plane, P.duration], doc: "drop each message on the plane with this probability"),
            verb("message_delay", P.delay, [P.plane, P.duration], doc: "add this latency to every message on the plane"),
            verb("clock_skew", P.node, [P.offset, P.duration], required: ["offset"], doc: "the node's clock runs behind: it renews late"),
            verb("chaos", P.rate, doc: "seeded chaos: draw faults at this rate"),
            verb("quiesce", nil, doc: "end every fault at once"),
            verb("say", P.text, doc: "a caption for presenters"),
        ]
    }()

    public static var names: [String] { all.map(\.name) }

    public static func named(_ name: String) -> ActionVerb? { all.first { $0.name == name } }

    /// A problem with one key of an action.
    public struct Problem: Error, Equatable, Sendable {
        public let key: String
        public let problem: String
    }

    /// The action for `verb` from its parsed values (keyed by descriptor name); `run` is the
    /// parsed run of a `schedule`. Node names stay unresolved (`line` locates them).
    public static func build(_ verb: ActionVerb, values: [String: VocabularyValue], run: RunSpec?, line: Int?) throws(Problem) -> ScenarioAction.Kind {
        for name in verb.required where values[name] == nil { throw Problem(key: verb.name, problem: "needs '\(name):'") }
        if let argument = verb.argument, !argument.type.isRun, values[argument.name] == nil {
            throw Problem(key: verb.name, problem: "needs '\(argument.name):'")
        }
        func names(_ key: String) -> [NodeReference] {
            guard case let .names(list)? = values[key] else { return [] }
            return list.map { NodeReference(name: $0, line: line) }
        }
        func single() throws(Problem) -> NodeReference {
            guard case let .text(name)? = values["node"] else { throw Problem(key: verb.name, problem: "needs a node") }
            return NodeReference(name: name, line: line)
        }
        func number(_ key: String) -> Double {
            if case let .number(value)? = values[key] { return value }
            return 0
        }
        func duration(_ key: String) -> VirtualDuration? {
            if case let .duration(value)? = values[key] { return value }
            return nil
        }
        func integer(_ key: String) -> Int {
            if case let .integer(value)? = values[key] { return value }
            return 0
        }
        let plane: NetworkPlane = if case let .text(text)? = values["plane"], let plane = NetworkPlane(rawValue: text) { plane } else { .all }
        let span = duration("for")
        switch verb.name {
        case "drain": return .drain(try single())
        case "resume": return .resume(try single())
        case "kill": return .kill(try single())
        case "restart":
            if case .text("killed")? = values["node"] { return .restartKilled }
            return .restart(try single())
        case "kill_random": return .killRandom(integer("count"))
        case "schedule":
            guard let run else { throw Problem(key: verb.name, problem: "needs a run") }
            return .schedule(run)
        case "rebalance": return .rebalance
        case "partition": return .partition(names("nodes"), duration: span)
        case "heal": return .heal(names("nodes"))
        case "slow": return .slow(try single(), factor: number("factor"), duration: span)
        case "flaky": return .flaky(try single(), probability: number("probability"), duration: span)
        case "checkpoint_failures": return .checkpointFailures(try single(), probability: number("probability"), duration: span)
        case "message_loss": return .messageLoss(probability: number("probability"), plane: plane, duration: span)
        case "message_delay": return .messageDelay(duration("delay") ?? .zero, plane: plane, duration: span)
        case "clock_skew": return .clockSkew(try single(), offset: duration("offset") ?? .zero, duration: span)
        case "chaos": return .chaos(faultsPerMinute: number("faults_per_minute"))
        case "quiesce": return .quiesce
        case "say":
            guard case let .text(text)? = values["text"] else { return .say("") }
            return .say(text)
        default: throw Problem(key: verb.name, problem: "unknown action")
        }
    }

    /// The verb and its values for an action, as recordings write it (the run of a `schedule`
    /// comes back separately).
    public static func values(of action: OperatorAction, naming: NodeNaming) -> (verb: ActionVerb, values: [(KeyDescriptor, VocabularyValue)], run: RunSpec?) {
        typealias P = Parameter
        func node(_ id: NodeID) -> VocabularyValue { .text(naming.name(of: id)) }
        func span(_ duration: VirtualDuration?) -> (KeyDescriptor, VocabularyValue) { (P.duration, duration.map { .duration($0) } ?? .absent) }
        let pairs: [(KeyDescriptor, VocabularyValue)]
        var run: RunSpec?
        switch action {
        case let .drain(id), let .resume(id), let .kill(id), let .restart(id): pairs = [(P.node, node(id))]
        case let .killRandom(count): pairs = [(P.count, .integer(count))]
        case .restartKilled: pairs = [(P.node, .text("killed"))]
        case let .schedule(spec):
            pairs = []
            run = spec
        case .rebalance, .quiesce: pairs = []
        case let .partition(ids, duration): pairs = [(P.nodes, .names(ids.map { naming.name(of: $0) })), span(duration)]
        case let .heal(ids): pairs = [(P.nodes, .names(ids.map { naming.name(of: $0) }))]
        case let .slow(id, factor, duration): pairs = [(P.node, node(id)), (P.factor, .number(factor)), span(duration)]
        case let .flaky(id, probability, duration), let .checkpointFailures(id, probability, duration):
            pairs = [(P.node, node(id)), (P.probability, .number(probability)), span(duration)]
        case let .messageLoss(probability, plane, duration):
            pairs = [(P.probability, .number(probability)), (P.plane, .text(plane.rawValue)), span(duration)]
        case let .messageDelay(delay, plane, duration): pairs = [(P.delay, .duration(delay)), (P.plane, .text(plane.rawValue)), span(duration)]
        case let .clockSkew(id, offset, duration): pairs = [(P.node, node(id)), (P.offset, .duration(offset)), span(duration)]
        case let .chaos(rate): pairs = [(P.rate, .number(rate))]
        case let .say(text): pairs = [(P.text, .text(text))]
        }
        // Every verb is in the table (a test walks them all).
        let verb = named(action.keyword) ?? all[0]
        return (verb, pairs, run)
    }
}
