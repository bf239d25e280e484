import AureonCluster
import AureonEngine

/// VOPR-style simulation fuzzing: per seed, a random cluster and a random fault schedule, then a
/// quiet period in which liveness must hold; every invariant is checked throughout, and each
/// seed is run twice: the two histories must have the same trace hash (reproducibility).
public enum Fuzzer {
    /// How long faults may go on before the quiet period (drawn per seed from these).
    public static let faultWindows: [VirtualDuration] = [.minutes(5), .minutes(30), .hours(2)]
    /// How long the cluster has, once faults stop, to finish every run.
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
        configuration.concurrency = draw.pick(FuzzRanges.concurrency)
        configuration.heartbeatInterval = .seconds(Int64(draw.pick(FuzzRanges.heartbeatIntervalSeconds)))
        // Visibility timeouts from 1 s (shorter than a heartbeat) to 40 s; the margin anywhere
        // below half of it, zero included.
        configuration.visibilityTimeout = .milliseconds(Int64(draw.pick(FuzzRanges.visibilityTimeoutMilliseconds)))
        configuration.leaseMargin = .microseconds(Int64(draw.index(below: Int(configuration.visibilityTimeout.microseconds / 2))))
        configuration.selfFencing = !draw.chance(0.2)
        configuration.checkpointInterval = .seconds(Int64(draw.pick(FuzzRanges.checkpointIntervalSeconds)))
        configuration.scanInterval = .seconds(Int64(draw.pick(FuzzRanges.scanIntervalSeconds)))
        configuration.unresponsiveAfter = configuration.heartbeatInterval * Int64(2 + draw.index(below: 3))
        configuration.deadAfter = configuration.unresponsiveAfter * 2
        configuration.maxReceiveCount = draw.pick(FuzzRanges.maxReceiveCount)
        configuration.validationRejectProbability = draw.chance(0.3) ? Double(draw.pick(FuzzRanges.validationRejectPercent)) / 100 : 0
        var scenario = Scenario(name: "fuzz-\(seed)", configuration: configuration, source: "fuzz seed \(seed)")
        let faultWindow = faultWindows[draw.index(below: faultWindows.count)]
        let windowMillis = Int(faultWindow.microseconds / 1_000)

        for number in 1...draw.pick(FuzzRanges.runsPerScenario) {
            var spec = RunSpec(id: .sequential(number), items: draw.pick(FuzzRanges.items), shardSize: draw.pick(FuzzRanges.shardSize),
                               strategy: ShardStrategy.allCases[draw.index(below: 3)],
                               work: .seconds(1)...(.seconds(Int64(draw.pick(FuzzRanges.longestWorkSeconds)))),
                               maxIterations: draw.pick(FuzzRanges.maxIterations))
            if draw.chance(0.1) { spec.poisonShards = [0] }
            scenario.runs.append(ScheduledRun(at: .seconds(Int64(draw.pick(FuzzRanges.runStartSeconds))), spec: spec))
        }

        let nodeCount = configuration.nodeCount
        func node() -> NodeReference { NodeReference(name: configuration.naming.name(of: NodeID(draw.index(below: nodeCount))), line: nil) }
        func span(_ range: ClosedRange<Int>) -> VirtualDuration { .seconds(Int64(range.lowerBound + draw.index(below: range.count))) }
        func plane() -> NetworkPlane { NetworkPlane.allCases[draw.index(below: NetworkPlane.allCases.count)] }
        var time = VirtualDuration.zero
        var scheduled = scenario.runs.count
        // Faults spread over the whole window, minutes or hours.
        let meanGapMillis = max(1, windowMillis / 20)
        for _ in 0..<draw.index(below: 40) {
            time = time + .milliseconds(Int64(1 + draw.index(below: 2 * meanGapMillis)))
            guard time < faultWindow else { break }
            var kinds: [ScenarioAction.Kind] = []
            switch draw.index(below: 16) {
            case 0, 1: kinds = [.kill(node())]
            case 2: kinds = [.restart(node())]
            case 3: kinds = [.drain(node())]
            case 4: kinds = [.resume(node())]
            case 5: kinds = [.partition([node()], duration: draw.chance(0.7) ? span(5...900) : nil)]
            case 6: kinds = [.heal([node()])]
            case 7: kinds = [.slow(node(), factor: Double(draw.pick(FuzzRanges.slowFactor)), duration: span(10...1_800))]
            case 8: kinds = [.flaky(node(), probability: Double(draw.pick(FuzzRanges.flakyTenths)) / 10, duration: span(10...1_800))]
            case 9: kinds = [.messageLoss(probability: Double(draw.pick(FuzzRanges.messageLossPercent)) / 100, plane: plane(), duration: span(5...1_800))]
            case 10: kinds = [.messageDelay(.milliseconds(Int64(draw.pick(FuzzRanges.messageDelayMilliseconds))), plane: plane(), duration: span(5...600))]
            case 11: kinds = [.checkpointFailures(node(), probability: Double(draw.pick(FuzzRanges.checkpointFailureTenths)) / 10, duration: span(10...900))]
            case 12: kinds = [.clockSkew(node(), offset: span(FuzzRanges.clockSkewSeconds), duration: span(10...1_800))]
            case 13:
                // A live node crashes and comes straight back as a new incarnation.
                let target = node()
                kinds = [.kill(target), .restart(target)]
            case 14:
                // New work arriving whatever the cluster's state (during outages too).
                scheduled += 1
                kinds = [.schedule(RunSpec(id: .sequential(scheduled), items: 5 + draw.index(below: 60), shardSize: 1 + draw.index(below: 6),
                                           work: .seconds(1)...(.seconds(Int64(2 + draw.index(below: 20)))), maxIterations: 1))]
            default: kinds = [draw.chance(0.5) ? .rebalance : .killRandom(draw.index(below: max(1, nodeCount / 3)))]
            }
            for kind in kinds { scenario.actions.append(ScenarioAction(at: time, kind: kind, line: nil)) }
        }
        if draw.chance(0.2) { scenario.actions.append(ScenarioAction(at: .seconds(1), kind: .chaos(faultsPerMinute: Double(FuzzRanges.chaosFaultsPerMinute)), line: nil)) }
        scenario.actions.append(ScenarioAction(at: faultWindow, kind: .quiesce, line: nil))
        scenario.expectations.allRunsCompleteBy = faultWindow + livenessBound
        // Random schedules drain killed nodes, restart live ones and schedule runs during total
        // outages: the fuzzer expects the refusals it causes.
        scenario.expectations.refusedRuns = nil
        return scenario
    }

    /// Runs one seed twice and checks every invariant, the liveness bound, and that both
    /// histories have the same trace hash.
    public static func run(seed: UInt64, maxNodes: Int) -> Outcome {
        let scenario = scenario(seed: seed, maxNodes: maxNodes)
        let faults = scenario.actions.count - 1
        let first = execute(scenario)
        guard case let .success((summary, firstViolation)) = first else {
            if case let .failure(error) = first { return Outcome(seed: seed, passed: false, detail: "could not build: \(error)", traceHash: "", nodes: 0, faults: faults) }
            preconditionFailure("unreachable")
        }
        var failed = summary.expectations.filter { !$0.passed }.map { "\($0.name): \($0.detail)" }
        if case let .success((again, _)) = execute(scenario), again.traceHash != summary.traceHash {
            failed.append("reproducibility: the same seed gave trace hashes \(summary.traceHash) and \(again.traceHash)")
        }
        var detail = failed.joined(separator: "; ")
        if let firstViolation { detail += "; first violation: \(firstViolation)" }
        return Outcome(seed: seed, passed: failed.isEmpty, detail: detail, traceHash: summary.traceHash,
                       nodes: scenario.configuration.nodeCount, faults: faults)
    }

    private static func execute(_ scenario: Scenario) -> Result<(SimulationSummary, InvariantViolation?), InputError> {
        let simulation: ClusterSimulation
        do {
            simulation = try scenario.makeSimulation()
        } catch {
            return .failure(error)
        }
        simulation.retainsEvents = false
        simulation.retainsCheckpointRecords = false
        let bound = scenario.expectations.allRunsCompleteBy ?? livenessBound
        simulation.runUntilIdle(limit: .zero + bound)
        let summary = SimulationSummary(simulation: simulation, scenario: scenario, stoppedEarly: false, wallSeconds: 0)
        return .success((summary, simulation.checker.violations.first))
    }
}
