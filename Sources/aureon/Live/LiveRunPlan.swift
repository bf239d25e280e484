import AureonCluster
import AureonEngine
import AureonInput
import AureonPostgres
import AureonScenario

/// What a live run will do, worked out before anything starts: the shards of every run (keys
/// from `ShardPlanner`, work from the simulation's `TaskDraws`, placed round-robin on the
/// nodes), the operator's kills and pause in wall time, and the timeout the run is given.
struct LiveRunPlan {
    /// A run to enqueue `at` (wall time from the start).
    struct Run {
        let name: String
        let at: Duration
        let maxReceiveCount: Int
        let shards: [AureonPostgres.ShardSpec]
    }

    enum Step: Equatable {
        case kill([String])
        case pause(String, for: Duration)
    }

    /// A step and when (wall time from the start) it is carried out.
    struct TimedStep: Equatable {
        let at: Duration
        let step: Step
    }

    let nodeNames: [String]
    let runs: [Run]
    let steps: [TimedStep]
    let timeout: Duration
    /// How the timeout was derived, for the message when it runs out.
    let timeoutReason: String

    /// A bound on the shards one live run enqueues (every one is a database row and events).
    static let maxShards = 1_000_000
    /// The slack every timeout gets on top of the work: process start-up, the last commits.
    static let timeoutSlack: Duration = .seconds(30)
    /// The work's wall time at full capacity is multiplied by this for the timeout.
    static let timeoutFactor = 3.0

    /// Virtual time as the nodes read it: virtual = wall × scale.
    static func wall(_ virtual: VirtualDuration, scale: Double) -> Duration {
        .microseconds(Int64((Double(virtual.microseconds) / scale).rounded()))
    }

    /// `kill`: how many nodes are SIGKILLed at `killAt` (the highest-numbered ones that are
    /// not paused); `pause`: which node is SIGSTOPped at `pauseAt` for `pauseFor`.
    init(scenario: Scenario, scale: Double, kill: Int?, killAt: VirtualDuration?, pause: String?,
         pauseAt: VirtualDuration?, pauseFor: VirtualDuration?) throws(InputError) {
        let configuration = scenario.configuration
        let naming = configuration.naming
        nodeNames = (0..<configuration.nodeCount).map { naming.name(of: NodeID($0)) }
        let draws = TaskDraws(seed: configuration.seed)
        var runs: [Run] = []
        var total = 0
        var work: Int64 = 0
        for (slot, scheduled) in scenario.runs.enumerated() {
            let spec = scheduled.spec
            let count = ShardPlanner.shardCount(for: spec)
            total += count
            guard total <= Self.maxShards else {
                throw InputError(file: scenario.source, line: scheduled.line, "runs: a live run enqueues at most \(Self.maxShards) shards (got \(total) so far)")
            }
            var shards: [AureonPostgres.ShardSpec] = []
            shards.reserveCapacity(count)
            for index in 0..<count {
                let micros = draws.work(for: TaskRef(runSlot: slot, iteration: 1, shard: index), range: spec.work).microseconds
                work += micros
                shards.append(AureonPostgres.ShardSpec(key: ShardPlanner.shardKey(for: spec, index: index).description,
                                        placement: nodeNames[(total - count + index) % nodeNames.count], workMicros: micros))
            }
            runs.append(Run(name: spec.id.rawValue, at: Self.wall(scheduled.at, scale: scale),
                            maxReceiveCount: configuration.maxReceiveCount, shards: shards))
        }
        self.runs = runs

        var steps: [TimedStep] = []
        var paused: String?
        if let pause, let pauseAt, let pauseFor {
            guard let node = naming.parse(pause, nodeCount: configuration.nodeCount) else {
                throw InputError("--pause: no node '\(EchoedValue.cut(pause))' (\(nodeNames[0])…\(nodeNames[nodeNames.count - 1]))")
            }
            paused = naming.name(of: node)
            steps.append(TimedStep(at: Self.wall(pauseAt, scale: scale), step: .pause(naming.name(of: node), for: Self.wall(pauseFor, scale: scale))))
        }
        if let kill, let killAt {
            let candidates = nodeNames.filter { $0 != paused }
            guard kill >= 1, kill < candidates.count else {
                throw InputError("--kill: \(kill) must be between 1 and \(candidates.count - 1) (one node must be left neither killed nor paused)")
            }
            steps.append(TimedStep(at: Self.wall(killAt, scale: scale), step: .kill(Array(candidates.suffix(kill)))))
        }
        self.steps = steps.sorted { $0.at < $1.at }

        // At full capacity of the nodes never killed, the work takes `expected` of wall time.
        let survivors = configuration.nodeCount - (kill ?? 0)
        let expected = Double(work) / Double(survivors * configuration.concurrency) / scale / 1e6
        let lastRun = runs.map(\.at).max() ?? .zero
        let lastStep = steps.map { step in
            if case let .pause(_, duration) = step.step { return step.at + duration }
            return step.at
        }.max() ?? .zero
        let recovery = Self.wall(configuration.deadAfter + configuration.visibilityTimeout, scale: scale)
        timeout = .microseconds(Int64(expected * Self.timeoutFactor * 1e6)) + max(lastRun, lastStep) + recovery + Self.timeoutSlack
        timeoutReason = "\(Self.timeoutFactor)× the work at full capacity (\(Self.seconds(.microseconds(Int64(expected * 1e6)))) s), "
            + "the last run or action, dead_after + visibility_timeout, and \(Self.seconds(Self.timeoutSlack)) s"
    }

    static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return JSONText.number((value * 1000).rounded() / 1000)
    }
}
