import AureonCluster
import AureonEngine
import AureonScenario
import Foundation

/// The `:` command line. Cluster actions use the scenario vocabulary itself: the line is
/// turned into a one-action scenario and read by ``ScenarioParser``, so `:slow node-03
/// factor=4 for=30s` means exactly what `- {at: 0s, slow: node-03, factor: 4, for: 30s}` means
/// in a scenario file, with the same refusals. The node argument is an anchored regular
/// expression over node names (`node-0[1-3]`), giving one action per matching node. Console
/// commands (`q`, `speed`, `theme`, `help`) come on top.
enum ConsoleCommandLine {
    enum Command: Equatable {
        case quit, help
        case speed(Double)
        /// Go to this moment of the current branch.
        case goto(VirtualTime)
        /// Causality analysis of this outcome over the current branch.
        case explore(OutcomePredicate)
        case theme(String)
        /// Cluster actions, one per node named (or one without a node).
        case actions(verb: String, [Target])
    }

    struct Target: Equatable {
        let node: NodeID?
        let action: OperatorAction
    }

    /// Verbs taking node names (a pattern) as their argument.
    static let nodeVerbs: Set<String> = ["drain", "resume", "kill", "restart", "partition", "heal", "slow", "flaky",
                                         "checkpoint_failures", "clock_skew"]
    static let consoleVerbs = ["q", "quit", "help", "speed", "theme", "goto", "explore"]
    /// Nodes one command may name at most (a pattern matching more is refused, not truncated).
    static let maximumNodesPerCommand = 1_000

    static var verbs: [String] { (consoleVerbs + ActionVerbs.names).sorted() }

    static func parse(_ line: String, simulation: ClusterSimulation, themes: [String]) -> Result<Command, CommandLineError> {
        var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard !words.isEmpty else { return .failure(CommandLineError("empty command")) }
        let verb = words.removeFirst()
        switch verb {
        case "q", "quit": return words.isEmpty ? .success(.quit) : .failure(CommandLineError("\(verb) takes no argument"))
        case "help": return .success(.help)
        case "speed":
            guard words.count == 1, let value = Double(words[0]), (0.25...1_000).contains(value) else {
                return .failure(CommandLineError("speed takes one number between 0.25 and 1000"))
            }
            return .success(.speed(value))
        case "goto":
            guard words.count == 1, let time = moment(words[0]) else {
                return .failure(CommandLineError("goto takes one time such as 00:02:30, 2:30 or 2m30s\(words.count == 1 ? " (got '\(words[0])')" : "")"))
            }
            return .success(.goto(time))
        case "explore":
            do {
                return .success(.explore(try OutcomePredicate.parse(words.joined(separator: " "), flag: "explore")))
            } catch {
                return .failure(CommandLineError(error.message))
            }
        case "theme":
            guard words.count == 1 else { return .failure(CommandLineError("theme takes one name (\(themes.joined(separator: ", ")))")) }
            return .success(.theme(words[0]))
        default: break
        }
        guard ActionVerbs.named(verb) != nil else {
            return .failure(CommandLineError("unknown command '\(verb)' (tab completes; known: \(verbs.joined(separator: ", ")))"))
        }
        let options = words.filter { $0.contains("=") }
        let positional = words.filter { !$0.contains("=") }
        var fields = options.map { option -> String in
            let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
            return "\(parts[0]): \(parts.count > 1 ? quoted(parts[1]) : "\"\"")"
        }
        let nodeCount = simulation.nodes.count
        if nodeVerbs.contains(verb) && !(verb == "restart" && positional == ["killed"]) {
            guard positional.count == 1 else { return .failure(CommandLineError("\(verb) takes one node name or pattern, such as node-0[1-3]")) }
            let nodes: [NodeID]
            switch matchingNodes(positional[0], simulation: simulation) {
            case .failure(let error): return .failure(error)
            case .success(let matched): nodes = matched
            }
            var targets: [Target] = []
            for node in nodes {
                let entry = (["at: 0s", "\(verb): \(quoted(simulation.naming.name(of: node)))"] + fields).joined(separator: ", ")
                switch action(from: entry, nodeCount: nodeCount) {
                case .failure(let error): return .failure(error)
                case .success(let action): targets.append(Target(node: node, action: action))
                }
            }
            return .success(.actions(verb: verb, targets))
        }
        let value: String
        switch verb {
        case "schedule":
            if !options.contains(where: { $0.hasPrefix("id=") }) { fields.append("id: \(quoted(simulation.nextRunID().rawValue))") }
            value = "{" + fields.joined(separator: ", ") + "}"
            fields = []
        case "say": value = quoted(positional.joined(separator: " "))
        case "rebalance", "quiesce": value = "true"
        default:
            guard positional.count == 1 else { return .failure(CommandLineError("\(verb) takes one value")) }
            value = quoted(positional[0])
        }
        let entry = (["at: 0s", "\(verb): \(value)"] + fields).joined(separator: ", ")
        return action(from: entry, nodeCount: nodeCount).map { .actions(verb: verb, [Target(node: nil, action: $0)]) }
    }

    /// `HH:MM:SS[.mmm]`, `MM:SS` or a duration (`2m30s`) since the start.
    static func moment(_ text: String) -> VirtualTime? {
        guard text.contains(":") else { return DurationFormat.parse(text).map { .zero + $0 } }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts.dropLast().allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) && $0.count <= 4 }),
              let seconds = Double(parts.last!), seconds >= 0, seconds < 60, parts.last!.first?.isNumber == true else { return nil }
        let whole = parts.dropLast().reduce(Int64(0)) { $0 * 60 + Int64($1)! }
        if parts.count == 3, let minutes = Int64(parts[1]), minutes >= 60 { return nil }
        return .zero + .microseconds(whole * 60_000_000 + Int64((seconds * 1_000_000).rounded()))
    }

    /// Nodes whose whole name matches `pattern` (a regex; a plain name is itself one), in node order.
    static func matchingNodes(_ pattern: String, simulation: ClusterSimulation) -> Result<[NodeID], CommandLineError> {
        guard let regex = try? Regex("^(?:" + pattern + ")$").ignoresCase() else {
            return .failure(CommandLineError("'\(pattern)' is not a valid node pattern"))
        }
        var matched: [NodeID] = []
        for node in simulation.nodes where (try? regex.wholeMatch(in: node.name)) != nil {
            matched.append(node.id)
            if matched.count > maximumNodesPerCommand {
                return .failure(CommandLineError("'\(pattern)' names more than \(maximumNodesPerCommand) nodes"))
            }
        }
        guard !matched.isEmpty else {
            let last = simulation.naming.name(of: NodeID(max(0, simulation.nodes.count - 1)))
            return .failure(CommandLineError("no node matches '\(pattern)' (the cluster has \(simulation.naming.name(of: NodeID(0))) to \(last))"))
        }
        return .success(matched)
    }

    /// One action read through the scenario parser from a flow-mapping entry.
    private static func action(from entry: String, nodeCount: Int) -> Result<OperatorAction, CommandLineError> {
        let text = "cluster: {nodes: \(nodeCount)}\nactions:\n  - {\(entry)}\n"
        do {
            let scenario = try ScenarioParser.parse(text, file: "command")
            guard let action = scenario.actions.first else { return .failure(CommandLineError("nothing to do")) }
            return .success(try action.resolve(nodeCount: nodeCount, file: "command"))
        } catch {
            return .failure(CommandLineError(error.message))
        }
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    // MARK: completion

    /// What Tab could put in place of the last word.
    static func completions(for line: String, simulation: ClusterSimulation, themes: [String]) -> [String] {
        let words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard let last = words.last else { return [] }
        if words.count == 1 { return last.isEmpty ? [] : verbs.filter { $0.hasPrefix(last) } }
        let verb = words[0]
        if verb == "theme" { return themes.filter { $0.hasPrefix(last) } }
        if nodeVerbs.contains(verb), words.count == 2, !last.isEmpty {
            // Bounded: at most a screenful of names is offered.
            return Array(simulation.nodes.lazy.map(\.name).filter { $0.hasPrefix(last) }.prefix(20))
        }
        return []
    }

    /// The line with its last word completed: in full if one candidate, else to their common prefix.
    static func complete(_ line: String, simulation: ClusterSimulation, themes: [String]) -> String {
        let candidates = completions(for: line, simulation: simulation, themes: themes)
        guard let first = candidates.first else { return line }
        var common = first
        for candidate in candidates.dropFirst() {
            common = String(zip(common, candidate).prefix { $0 == $1 }.map(\.0))
        }
        var words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        words[words.count - 1] = common
        return words.joined(separator: " ") + (candidates.count == 1 ? " " : "")
    }
}

/// Why a command line was refused: shown in the message row after the line itself.
struct CommandLineError: Error, Equatable {
    let problem: String
    init(_ problem: String) { self.problem = problem }
}
