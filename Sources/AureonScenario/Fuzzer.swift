import AureonCluster
import AureonEngine

/// VOPR-style simulation fuzzing: per seed, a random cluster and a random fault schedule, then a
/// quiet period in which liveness must hold; every invariant is checked throughout.
public enum Fuzzer {
    /// When faults stop, and how long the cluster then has to finish every run.
    public static let faultWindow = VirtualDuration.minutes(5)
    public static let livenessBound = VirtualDuration.hours(3)

    /// The outcome of one seed.
    public struct Outcome: Sendable {
        public let seed: UInt64
        public let passed: Bool
        public let detail: String
        public let traceHash: String
        public let nodes: Int
        public let faults: Int
    }

    /// The scenario a seed stands for (deterministic: same seed, same scenario).
    public static func scenario(seed: UInt64, maxNodes: Int) -> Scenario {
        precondition(maxNodes >= 2, "the fuzzer needs room for at least two nodes")
        var draw = SeededRandom(seed: seed ^ 0xF022_5EED)
        var configuration = ClusterConfiguration()
        configuration.seed = seed
        configuration.nodeCount = 2 + draw.index(below: maxNodes - 1)
        configuration.concurrency = 1 + draw.index(below: 4)
        configuration.heartbeatInterval = .seconds(Int64(1 + draw.index(below: 4)))
        configuration.visibilityTimeout = .seconds(Int64(8 + draw.index(below: 30)))
        configuration.leaseMargin = .seconds(1)
        configuration.checkpointInterval = .seconds(Int64(2 + draw.index(below: 10)))
        configuration.scanInterval = .seconds(2)
        configuration.unresponsiveAfter = configuration.heartbeatInterval * 3
        configuration.deadAfter = configuration.heartbeatInterval * 6
        configuration.maxReceiveCount = 3 + draw.index(below: 8)
        configuration.validationRejectProbability = draw.chance(0.3) ? Double(draw.index(below: 20)) / 100 : 0
        var scenario = Scenario(name: "fuzz-\(seed)", configuration: configuration, source: "fuzz seed \(seed)")

        for number in 1...(1 + draw.index(below: 3)) {
            var spec = RunSpec(id: .sequential(number), items: 5 + draw.index(below: 120), shardSize: 1 + draw.index(below: 8),
                               strategy: ShardStrategy.allCases[draw.index(below: 3)],
                               work: .seconds(1)...(.seconds(Int64(2 + draw.index(below: 40)))), maxIterations: 1 + draw.index(below: 3))
            if draw.chance(0.1) { spec.poisonShards = [0] }
            scenario.runs.append(ScheduledRun(at: .seconds(Int64(draw.index(below: 60))), spec: spec))
        }

        let nodeCount = configuration.nodeCount
        func node() -> NodeReference { NodeReference(name: configuration.naming.name(of: NodeID(draw.index(below: nodeCount))), line: nil) }
        func span(_ range: ClosedRange<Int>) -> VirtualDuration { .seconds(Int64(range.lowerBound + draw.index(below: range.count))) }
        var time = VirtualDuration.zero
        for _ in 0..<draw.index(below: 30) {
            time = time + .milliseconds(Int64(1 + draw.index(below: 20_000)))
            guard time < faultWindow else { break }
            let kind: ScenarioAction.Kind = switch draw.index(below: 13) {
            case 0, 1: .kill(node())
            case 2: .restart(node())
            case 3: .drain(node())
            case 4: .resume(node())
            case 5: .partition([node()], duration: draw.chance(0.7) ? span(5...90) : nil)
            case 6: .heal([node()])
            case 7: .slow(node(), factor: Double(2 + draw.index(below: 6)), duration: span(10...120))
            case 8: .flaky(node(), probability: Double(draw.index(below: 6)) / 10, duration: span(10...120))
            case 9: .messageLoss(probability: Double(draw.index(below: 40)) / 100, plane: .all, duration: span(5...60))
            case 10: .checkpointFailures(node(), probability: Double(draw.index(below: 9)) / 10, duration: span(10...90))
            case 11: .clockSkew(node(), offset: span(1...60), duration: span(10...120))
            default: draw.chance(0.5) ? .rebalance : .killRandom(draw.index(below: max(1, nodeCount / 3)))
            }
            scenario.actions.append(ScenarioAction(at: time, kind: kind, line: nil))
        }
        if draw.chance(0.2) { scenario.actions.append(ScenarioAction(at: .seconds(1), kind: .chaos(faultsPerMinute: 6), line: nil)) }
        scenario.actions.append(ScenarioAction(at: faultWindow, kind: .quiesce, line: nil))
        scenario.expectations.allRunsCompleteBy = faultWindow + livenessBound
        return scenario
    }

    /// Runs one seed and checks every invariant and the liveness bound.
    public static func run(seed: UInt64, maxNodes: Int) -> Outcome {
        let scenario = scenario(seed: seed, maxNodes: maxNodes)
        let faults = scenario.actions.count - 1
        let simulation: ClusterSimulation
        do {
            simulation = try scenario.makeSimulation()
        } catch {
            return Outcome(seed: seed, passed: false, detail: "could not build: \(error)", traceHash: "", nodes: 0, faults: faults)
        }
        let bound = scenario.expectations.allRunsCompleteBy ?? livenessBound
        simulation.runUntilIdle(limit: .zero + bound)
        let summary = SimulationSummary(simulation: simulation, scenario: scenario, stoppedEarly: false, wallSeconds: 0)
        let failed = summary.expectations.filter { !$0.passed }
        var detail = failed.map { "\($0.name): \($0.detail)" }.joined(separator: "; ")
        if let first = simulation.checker.violations.first { detail += "; first violation: \(first)" }
        return Outcome(seed: seed, passed: failed.isEmpty, detail: detail, traceHash: summary.traceHash,
                       nodes: scenario.configuration.nodeCount, faults: faults)
    }
}
