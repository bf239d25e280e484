import AureonEngine
import Testing
@testable import AureonCluster

@Suite struct SupervisionTests {
    @Test func unconvergedIterationSchedulesTheNextOne() throws {
        let simulation = try ClusterSimulation(configuration: makeConfiguration())
        try simulation.perform(.schedule(makeRun(items: 20, shardSize: 5, iterations: 3)))
        // Run until the first iteration settles. Idle nodes have pulls parked at the queue, so
        // the second iteration's shards may be leased in that same instant.
        while simulation.events(of: .iterationCompleted).isEmpty, simulation.step() {}
        let run = try #require(simulation.run(named: RunID("rqml-run-001")))
        #expect(run.iteration == 2, "the next iteration is scheduled through the coordinator")
        #expect(run.committed == 0 && run.shardStates.allSatisfy { $0 == .pending || $0 == .leased })
        let scheduled = simulation.events(of: .runScheduled)
        #expect(scheduled.map(\.detail) .count == 2)
        // Settled slots are reused; the last commit's ack is still on its way, so its slot is not
        // free yet (it is recycled when the ack lands).
        #expect(simulation.queue.messageCount <= 5, "iteration 2's tasks reuse iteration 1's settled slots")
        #expect(run.shardMessages.allSatisfy { simulation.queue[$0].task.iteration == 2 && simulation.queue[$0].state != .acked })
        #expect(simulation.runUntilIdle(limit: .zero + .hours(1)))
        let finished = try #require(simulation.run(named: RunID("rqml-run-001")))
        #expect(finished.iteration == 3 && finished.totalCommitted == 12)
        #expect(finished.status == .completed(at: simulation.now, converged: false))
    }

    @Test func convergenceEndsTheRunEarly() throws {
        let simulation = try ClusterSimulation(configuration: makeConfiguration())
        var spec = makeRun(items: 40, shardSize: 5, iterations: 10)
        spec.convergenceTolerance = 0.1  // residuals halve each iteration from about 0.5
        try simulation.perform(.schedule(spec))
        #expect(simulation.runUntilIdle(limit: .zero + .hours(2)))
        let run = try #require(simulation.run(named: spec.id))
        #expect(run.iteration < 10, "converged before max_iterations")
        #expect(run.iterationResiduals.last! < 0.1)
        #expect(run.iterationResiduals.dropLast().allSatisfy { $0 >= 0.1 })
        #expect(simulation.events(of: .iterationConverged).count == 1)
        if case let .completed(_, converged) = run.status { #expect(converged) } else { Issue.record("run not complete") }
    }

    @Test func validationRejectionRetriesTheShard() throws {
        var configuration = makeConfiguration()
        configuration.validationRejectProbability = 0.3
        let simulation = try ClusterSimulation(configuration: configuration)
        try simulation.perform(.schedule(makeRun(items: 40, shardSize: 2)))
        #expect(simulation.runUntilIdle(limit: .zero + .hours(2)))
        #expect(simulation.counters.validationRejections > 0)
        let run = try #require(simulation.run(named: RunID("rqml-run-001")))
        #expect(run.totalCommitted + run.totalDeadLettered == 20)
        #expect(simulation.checker.holds)
    }

    @Test func poisonShardEndsInTheDeadLetterQueue() throws {
        var configuration = makeConfiguration(nodes: 2)
        configuration.maxReceiveCount = 3
        let simulation = try ClusterSimulation(configuration: configuration)
        try simulation.perform(.flaky(NodeID(0), probability: 1, duration: nil))
        try simulation.perform(.flaky(NodeID(1), probability: 1, duration: nil))
        try simulation.perform(.schedule(makeRun(items: 1, shardSize: 1)))
        #expect(simulation.runUntilIdle(limit: .zero + .hours(1)))
        #expect(simulation.counters.deadLettered == 1)
        #expect(simulation.counters.taskFailures == 3)
        #expect(simulation.run(named: RunID("rqml-run-001"))?.totalDeadLettered == 1)
        #expect(simulation.checker.holds)
    }
}
