import AureonCluster
import AureonEngine

/// A recorded session: seed, full configuration, every action with its place in the history,
/// and how the history ended. Replaying it must give the same trace hash.
///
/// File format (JSON lines, versioned):
///
///     {"format":"aureon-recording","version":2,"scenario":"…","cluster":{…}}
///     {"at_us":45000000,"after_events":812,"origin":"interactive","action":"kill","node":"node-03"}
///     …
///     {"end":true,"at_us":600000000,"events_processed":91234,"trace_hash":"6f0c7647e331f9c3"}
///
/// The closing line is the completeness mark: a file without it was cut short and is refused.
///
/// Version 3 adds branches (time travel): after main's closing line, each further branch is a
/// block of its own — a branch line, its own actions (those after the fork), its closing line:
///
///     {"branch":"branch-2","parent":"main","fork_at_us":50000000,"fork_after_events":1210,"inherited_actions":3}
///     {"at_us":50000000,"after_events":1210,"origin":"interactive","action":"drain","node":"node-02"}
///     {"end":true,"at_us":…,"events_processed":…,"trace_hash":"…"}
///
/// A branch shares its parent's first `inherited_actions` actions and history up to the fork.
/// Version 2 files (no branches) are still read.
public struct Recording: Sendable {
    public static let formatName = "aureon-recording"
    /// Version 2: histories of the Core v2 model; every configuration key of the vocabulary
    /// (self_fencing, steal_after, …),
    /// `plane` on network faults, `work_us` as [MIN, MAX], and every key required.
    public static let version = 3
    /// The versions this build reads.
    public static let readableVersions = 2...3
    /// Limits on what one file may hold.
    public static let maxLines = 2_000_000
    public static let maxLineBytes = 64 * 1024
    /// Largest event count a recording may name: the largest integer a JSON number carries
    /// exactly (2^53). An action's `after_events` is bounded tighter still, by the recorded end.
    public static let maxEventCount = 1 << 53

    public var scenarioName: String
    public var configuration: ClusterConfiguration
    public var actions: [PerformedAction]
    public var endTime: VirtualTime
    public var endEventCount: Int
    public var traceHash: String
    /// The branches besides main, each after its parent (version 3).
    public var branches: [Branch]

    public init(scenarioName: String, configuration: ClusterConfiguration, actions: [PerformedAction],
                endTime: VirtualTime, endEventCount: Int, traceHash: String, branches: [Branch] = []) {
        self.scenarioName = scenarioName
        self.configuration = configuration
        self.actions = actions
        self.endTime = endTime
        self.endEventCount = endEventCount
        self.traceHash = traceHash
        self.branches = branches
    }

    /// Captures a time-travelling session: main as the recording proper, the rest as branches.
    public init(scenarioName: String, configuration: ClusterConfiguration, tree: BranchTree) {
        let main = tree.main
        self.init(scenarioName: scenarioName, configuration: configuration, actions: main.actions, endTime: main.end.time,
                  endEventCount: main.end.eventCount, traceHash: main.endTraceHash, branches: Array(tree.branches.dropFirst()))
    }

    /// Main as a branch (what the branch list shows for it).
    public var mainBranch: Branch {
        Branch(name: Branch.mainName, parent: nil, fork: HistoryPosition(time: .zero, eventCount: 0), inheritedActionCount: 0,
               actions: actions, end: HistoryPosition(time: endTime, eventCount: endEventCount), endTraceHash: traceHash)
    }

    /// Every branch, main first.
    public var allBranches: [Branch] { [mainBranch] + branches }

    /// The history of one branch as a plain recording of its own (to replay it), or nil when
    /// no branch has that name.
    public func flattened(branch name: String) -> Recording? {
        guard let branch = allBranches.first(where: { $0.name == name }) else { return nil }
        return Recording(scenarioName: scenarioName, configuration: configuration, actions: branch.actions, endTime: branch.end.time,
                         endEventCount: branch.end.eventCount, traceHash: branch.endTraceHash)
    }

    /// Captures a finished (or stopped) simulation.
    public init(scenarioName: String, simulation: ClusterSimulation) {
        self.init(scenarioName: scenarioName, configuration: simulation.configuration, actions: simulation.performedActions,
                  endTime: simulation.now, endEventCount: simulation.counters.eventsProcessed,
                  traceHash: simulation.traceHash.hexDigest)
    }

    /// The file's text.
    public var text: String {
        var lines = [RecordingCodec.header(scenarioName: scenarioName, configuration: configuration)]
        let naming = configuration.naming
        lines += actions.map { RecordingCodec.line(for: $0, naming: naming) }
        lines.append(RecordingCodec.end(HistoryPosition(time: endTime, eventCount: endEventCount), traceHash: traceHash))
        for branch in branches {
            lines.append(RecordingCodec.branchLine(for: branch))
            lines += branch.ownActions.map { RecordingCodec.line(for: $0, naming: naming) }
            lines.append(RecordingCodec.end(branch.end, traceHash: branch.endTraceHash))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
