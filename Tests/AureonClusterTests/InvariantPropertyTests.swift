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
