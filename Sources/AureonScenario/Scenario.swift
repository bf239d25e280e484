import AureonCluster
import AureonEngine

/// A scenario file: a cluster, the runs to schedule, timed operator actions and faults, and
/// what must hold at the end.
public struct Scenario: Sendable {
    public var name: String
    public var description: String?
    public var configuration: ClusterConfiguration
    public var runs: [ScheduledRun]
    public var actions: [ScenarioAction]
    public var expectations: Expectations
    /// The file it came from, for messages.
    public var source: String

    public init(name: String, configuration: ClusterConfiguration, runs: [ScheduledRun] = [], actions: [ScenarioAction] = [],
                expectations: Expectations = Expectations(), source: String = "<built-in>") {
        self.name = name
        self.configuration = configuration
        self.runs = runs
        self.actions = actions
        self.expectations = expectations
        self.source = source
    }
}

/// A run to schedule at a virtual time.
public struct ScheduledRun: Sendable {
    public var at: VirtualDuration
    public var spec: RunSpec
    public var line: Int?
    public init(at: VirtualDuration, spec: RunSpec, line: Int? = nil) {
        self.at = at
        self.spec = spec
        self.line = line
    }
}

/// A node named in a scenario, resolved against the final node count (flags may change it).
public struct NodeReference: Sendable, Equatable {
    public let name: String
    public let line: Int?
}

/// An action as written in a scenario, before node names are resolved.
public struct ScenarioAction: Sendable {
    public enum Kind: Sendable {
        case drain(NodeReference), resume(NodeReference), kill(NodeReference), restart(NodeReference)
        case killRandom(Int), restartKilled, rebalance
        case schedule(RunSpec)
        case partition([NodeReference], duration: VirtualDuration?)
        case heal([NodeReference])
        case slow(NodeReference, factor: Double, duration: VirtualDuration?)
        case flaky(NodeReference, probability: Double, duration: VirtualDuration?)
        case checkpointFailures(NodeReference, probability: Double, duration: VirtualDuration?)
        case messageLoss(probability: Double, plane: NetworkPlane, duration: VirtualDuration?)
        case messageDelay(VirtualDuration, plane: NetworkPlane, duration: VirtualDuration?)
        case clockSkew(NodeReference, offset: VirtualDuration, duration: VirtualDuration?)
        case chaos(faultsPerMinute: Double)
        case quiesce
        case say(String)
    }
    public var at: VirtualDuration
    public var kind: Kind
    public var line: Int?

    /// The cluster action, with node names checked against `nodeCount`.
    public func resolve(nodeCount: Int, file: String) throws(InputError) -> OperatorAction {
        let naming = NodeNaming(nodeCount: nodeCount)
        func node(_ reference: NodeReference) throws(InputError) -> NodeID {
            guard let id = naming.parse(reference.name, nodeCount: nodeCount) else {
                throw InputError(file: file, line: reference.line ?? line,
                                 "unknown node '\(reference.name)' (the cluster has node-\(String(repeating: "0", count: naming.digits - 1))1 to \(naming.name(of: NodeID(nodeCount - 1))))")
            }
            return id
        }
        func nodes(_ references: [NodeReference]) throws(InputError) -> [NodeID] {
            var ids: [NodeID] = []
            for reference in references { ids.append(try node(reference)) }
            return ids
        }
        switch kind {
        case let .drain(reference): return .drain(try node(reference))
        case let .resume(reference): return .resume(try node(reference))
        case let .kill(reference): return .kill(try node(reference))
        case let .restart(reference): return .restart(try node(reference))
        case let .killRandom(count):
            guard count <= nodeCount else { throw InputError(file: file, line: line, "kill_random: \(count) is more than the \(nodeCount) nodes") }
            return .killRandom(count)
        case .restartKilled: return .restartKilled
        case .rebalance: return .rebalance
        case let .schedule(spec): return .schedule(spec)
        case let .partition(references, duration): return .partition(try nodes(references), duration: duration)
        case let .heal(references): return .heal(try nodes(references))
        case let .slow(reference, factor, duration): return .slow(try node(reference), factor: factor, duration: duration)
        case let .flaky(reference, probability, duration): return .flaky(try node(reference), probability: probability, duration: duration)
        case let .checkpointFailures(reference, probability, duration):
            return .checkpointFailures(try node(reference), probability: probability, duration: duration)
        case let .messageLoss(probability, plane, duration): return .messageLoss(probability: probability, plane: plane, duration: duration)
        case let .messageDelay(delay, plane, duration): return .messageDelay(delay, plane: plane, duration: duration)
        case let .clockSkew(reference, offset, duration): return .clockSkew(try node(reference), offset: offset, duration: duration)
        case let .chaos(rate): return .chaos(faultsPerMinute: rate)
        case .quiesce: return .quiesce
        case let .say(text): return .say(text)
        }
    }
}
