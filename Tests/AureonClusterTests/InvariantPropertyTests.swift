import AureonEngine
import Testing
@testable import AureonCluster

/// Random operator chaos on small clusters: whatever happens, the invariants hold and every run
/// completes once the chaos stops. A failure names the seed that reproduces it.
@Suite struct InvariantPropertyTests {
    struct Outcome {
        let holds: Bool
        let completed: Bool
        let detail: String
        let hash: UInt64
    }

    static func chaos(seed: UInt64) throws -> Outcome {
        var draw = SeededRandom(seed: seed ^ 0xC4A0_5EED)
        var configuration = makeConfiguration(nodes: 2 + draw.index(below: 5), concurrency: 1 + draw.index(below: 3), seed: seed)
        configuration.maxReceiveCount = 50
        let simulation = try ClusterSimulation(configuration: configuration)
        let runCount = 1 + draw.index(below: 2)
        for number in 1...runCount {
            let spec = RunSpec(id: .sequential(number), items: 10 + draw.index(below: 40), shardSize: 1 + draw.index(below: 5),
                               strategy: draw.chance(0.3) ? .byIteration : .bySlice,
                               work: .seconds(2)...(.seconds(Int64(3 + draw.index(below: 30)))),
                               maxIterations: 1 + draw.index(below: 2))
            simulation.schedule(.schedule(spec), at: .zero + .seconds(Int64(draw.index(below: 20))))
        }
        // Up to 25 random operator actions in the first five minutes; invalid ones are skipped.
        var time = VirtualTime.zero
        for _ in 0..<draw.index(below: 26) {
            time = time + .milliseconds(Int64(1 + draw.index(below: 20_000)))
            simulation.advance(to: time)
            let node = NodeID(draw.index(below: configuration.nodeCount))
            let action: OperatorAction = switch draw.index(below: 5) {
            case 0: .kill(node)
            case 1: .restart(node)
            case 2: .drain(node)
            case 3: .resume(node)
            default: .rebalance
            }
            try? simulation.perform(action)
        }
        // Quiet period: faults stop, a healthy node exists; liveness must now hold.
        try? simulation.perform(.restartKilled)
        for index in simulation.nodes.indices where simulation.nodes[index].health == .draining {
            try? simulation.perform(.resume(NodeID(index)))
        }
        let completed = simulation.runUntilIdle(limit: simulation.now + .hours(3))
        let detail = simulation.checker.violations.prefix(3).map(\.description).joined(separator: "; ")
        return Outcome(holds: simulation.checker.holds, completed: completed, detail: detail, hash: simulation.traceHash.value)
    }

    @Test func invariantsHoldUnderRandomOperatorChaos() throws {
        var failures: [String] = []
        for seed in UInt64(1)...200 {
            let outcome = try Self.chaos(seed: seed)
            if !outcome.holds || !outcome.completed {
                failures.append("seed \(seed): holds=\(outcome.holds) completed=\(outcome.completed) \(outcome.detail)")
            }
        }
        #expect(failures.isEmpty, "reproduce with InvariantPropertyTests.chaos(seed:) — \(failures.prefix(5).joined(separator: " | "))")
    }

    @Test func chaosIsReproducible() throws {
        for seed in [UInt64(3), 77, 150] {
            #expect(try Self.chaos(seed: seed).hash == Self.chaos(seed: seed).hash, "seed \(seed)")
        }
    }
}

/// The checker must be able to fail: give it deliberately broken components.
@Suite struct InvariantCheckerFiresTests {
    @Test func doubleDeliveringQueueIsCaught() throws {
        let simulation = try ClusterSimulation(configuration: makeConfiguration(nodes: 3, concurrency: 2), queueDefects: .doubleDelivery)
        try simulation.perform(.schedule(makeRun(items: 12, shardSize: 1)))
        simulation.runUntilIdle(limit: .zero + .minutes(30))
        #expect(!simulation.checker.holds)
        #expect(simulation.checker.violations.contains { $0.rule == .singleLease })
        #expect(!simulation.events(of: .invariantViolated).isEmpty, "a violation is an event too")
    }

    @Test func queueIgnoringFencingIsCaught() throws {
        var configuration = makeConfiguration(nodes: 2, concurrency: 1)
        configuration.checkpointInterval = .seconds(5)
        let simulation = try ClusterSimulation(configuration: configuration, queueDefects: .ignoreFencing)
        try simulation.perform(.drain(NodeID(1)))
        try simulation.perform(.schedule(makeRun(items: 1, shardSize: 1, work: 40...40)))
        simulation.advance(by: .seconds(7))
        try simulation.perform(.resume(NodeID(1)))
        try simulation.perform(.partition([NodeID(0)], duration: .seconds(20)))
        simulation.advance(to: .zero + .minutes(5))
        #expect(simulation.checker.violations.contains { $0.rule == .fencing || $0.rule == .exactlyOnce })
        #expect(simulation.checker.staleWritesAccepted > 0 || simulation.checker.duplicateCommits > 0)
    }

    @Test func healthyQueueRaisesNothing() throws {
        let simulation = try ClusterSimulation(configuration: makeConfiguration(nodes: 3, concurrency: 2))
        try simulation.perform(.schedule(makeRun(items: 12, shardSize: 1)))
        simulation.runUntilIdle(limit: .zero + .minutes(30))
        #expect(simulation.checker.holds)
    }
}
