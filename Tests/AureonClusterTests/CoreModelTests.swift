import AureonEngine
import Testing
@testable import AureonCluster

/// Every event of a simulation, in order (the ring keeps only the newest few thousand).
final class EventTape: @unchecked Sendable {
    private(set) var events: [ClusterEvent] = []
    func append(_ event: ClusterEvent) { events.append(event) }
    func of(_ kind: EventKind) -> [ClusterEvent] { events.filter { $0.kind == kind } }
}

func makeTapedSimulation(_ configuration: ClusterConfiguration, defects: QueueDefects = []) throws -> (ClusterSimulation, EventTape) {
    let tape = EventTape()
    let simulation = try ClusterSimulation(configuration: configuration, queueDefects: defects, eventSink: { tape.append($0) })
    return (simulation, tape)
}

/// The Core v2 model: both planes on the network, the node's lease manager, enforced death,
/// placement that holds, supervision that means something.
@Suite struct CoreModelTests {
    // MARK: both planes on the network

    /// Data-plane loss: lost grants expire and are redelivered; lost acks are redelivered to a
    /// node that finds the committed final checkpoint and acks without working again.
    @Test func dataPlaneLossIsSurvivedWithEveryShardCommittedOnce() throws {
        var configuration = makeConfiguration(nodes: 12, concurrency: 4)
        configuration.eventLogCapacity = 16
        let (simulation, tape) = try makeTapedSimulation(configuration)
        try simulation.perform(.messageLoss(probability: 0.3, plane: .data, duration: nil))
        try simulation.perform(.schedule(makeRun(items: 600, shardSize: 5, work: 4...10)))
        #expect(simulation.runUntilIdle(limit: .zero + .hours(6)))
        let committed = tape.of(.taskCommitted).compactMap(\.task)
        #expect(committed.count == 120 && Set(committed).count == 120, "every shard committed exactly once")
        #expect(simulation.counters.redeliveries > 0)
        #expect(simulation.counters.alreadyCommitted > 0, "lost acks show as already_committed redeliveries")
        #expect(simulation.counters.dataMessagesLost > 0 && simulation.counters.controlMessagesLost == 0)
        let lostKinds = Set(tape.of(.messageLost).compactMap { event -> MessageKind? in
            if case let .messageLost(.data, kind) = event.detail { return kind }
            return nil
        })
        #expect(lostKinds.isSuperset(of: [.leaseGrant, .ack, .renew, .checkpoint]), "lost: \(lostKinds)")
        #expect(simulation.checker.holds)
    }

    @Test func controlPlaneLossLeavesTheDataPlaneAlone() throws {
        let (simulation, tape) = try makeTapedSimulation(makeConfiguration(nodes: 4))
        try simulation.perform(.messageLoss(probability: 1, plane: .control, duration: .seconds(3)))
        try simulation.perform(.schedule(makeRun(items: 40, shardSize: 5)))
        simulation.advance(by: .seconds(3))
        let planes = Set(tape.of(.messageLost).compactMap { event -> NetworkPlane? in
            if case let .messageLost(plane, _) = event.detail { return plane }
            return nil
        })
        #expect(planes == [.control])
        #expect(!tape.of(.shardLeased).isEmpty, "pulls and grants still go through")
    }

    // MARK: the node's lease manager

    /// A partitioned node with self-fencing on stops its work at deadline − lease_margin and
    /// writes nothing after that: no write of it is even rejected.
    @Test func partitionedNodeFencesItselfBeforeItsDeadline() throws {
        var configuration = makeConfiguration(nodes: 2, concurrency: 1)
        configuration.visibilityTimeout = .seconds(12)
        configuration.leaseMargin = .seconds(2)
        let (simulation, tape) = try makeTapedSimulation(configuration)
        try simulation.perform(.drain(NodeID(1)))
        try simulation.perform(.schedule(makeRun(items: 1, shardSize: 1, work: 60...60)))
        simulation.advance(by: .seconds(5))
        try simulation.perform(.resume(NodeID(1)))
        try simulation.perform(.partition([NodeID(0)], duration: .seconds(40)))
        #expect(simulation.runUntilIdle(limit: .zero + .hours(1)))

        let abandoned = try #require(tape.of(.leaseAbandoned).first { $0.node == NodeID(0) })
        let lastDeadline = tape.events.filter { $0.node == NodeID(0) && $0.time < abandoned.time }.compactMap { event -> VirtualTime? in
            switch event.detail {
            case let .lease(_, deadline, _, _), let .renewal(_, deadline, _): deadline
            default: nil
            }
        }.max()
        let deadline = try #require(lastDeadline)
        #expect(abandoned.time <= deadline - configuration.leaseMargin, "abandoned by deadline − lease_margin")
        let writesAfter = tape.events.filter {
            $0.node == NodeID(0) && $0.time > abandoned.time && $0.detail.token == FencingToken(1)
                && [.checkpointSaved, .leaseRenewed, .taskCommitted, .staleWriteRejected].contains($0.kind)
        }
        #expect(writesAfter.isEmpty, "the self-fenced node wrote nothing more for its lease: \(writesAfter)")
        #expect(tape.of(.taskCommitted).count == 1 && tape.of(.taskCommitted).first?.node == NodeID(1))
        #expect(simulation.checker.holds)
    }

    /// With its clock behind by more than the margin, a node believes it still has time: it
    /// keeps working, renews too late, and the queue rejects the late write as stale.
    @Test func skewedClockBeyondTheMarginGetsItsLateWriteRejected() throws {
        var configuration = makeConfiguration(nodes: 2, concurrency: 1)
        configuration.visibilityTimeout = .seconds(12)
        configuration.leaseMargin = .seconds(2)
        let (simulation, tape) = try makeTapedSimulation(configuration)
        try simulation.perform(.drain(NodeID(1)))
        try simulation.perform(.schedule(makeRun(items: 1, shardSize: 1, work: 60...60)))
        simulation.advance(by: .seconds(1))
        try simulation.perform(.resume(NodeID(1)))
        try simulation.perform(.clockSkew(NodeID(0), offset: .seconds(10), duration: nil))
        #expect(simulation.runUntilIdle(limit: .zero + .hours(1)))
        let stale = tape.of(.staleWriteRejected).filter { $0.node == NodeID(0) }
        #expect(!stale.isEmpty, "the late write is rejected by fencing")
        #expect(tape.of(.leaseExpired).contains { $0.node == NodeID(0) })
        #expect(tape.of(.taskCommitted).count == 1)
        #expect(simulation.checker.holds)
    }

    // MARK: death is enforced

    /// With every heartbeat lost for a minute, nodes are declared dead: from `node_dead` until
    /// the node rejoins as a new incarnation, the dead incarnation takes no lease.
    @Test func aDeclaredDeadIncarnationTakesNoLease() throws {
        var configuration = makeConfiguration(nodes: 6, concurrency: 2)
        configuration.eventLogCapacity = 16
        let (simulation, tape) = try makeTapedSimulation(configuration)
        try simulation.perform(.schedule(makeRun(items: 400, shardSize: 2, work: 4...10)))
        simulation.advance(by: .seconds(5))
        try simulation.perform(.messageLoss(probability: 1, plane: .control, duration: .minutes(1)))
        #expect(simulation.runUntilIdle(limit: .zero + .hours(2)))
        let dead = tape.of(.nodeDead)
        #expect(!dead.isEmpty, "silence makes the coordinator declare nodes dead")
        for verdict in dead {
            guard let node = verdict.node, case let .incarnation(fenced) = verdict.detail else { continue }
            let leases = tape.events.filter {
                ($0.kind == .shardLeased || $0.kind == .taskRedelivered) && $0.node == node && $0.time >= verdict.time
            }
            for lease in leases {
                switch lease.detail {
                case let .lease(_, _, _, incarnation), let .redelivery(_, _, _, _, incarnation):
                    #expect(incarnation > fenced, "\(lease.line(naming: simulation.naming)) after node_dead of incarnation \(fenced)")
                default: Issue.record("lease without detail")
                }
            }
            #expect(tape.of(.nodeRejoined).contains { $0.node == node && $0.time >= verdict.time }, "the node rejoins")
        }
        #expect(simulation.counters.incarnationsFenced == dead.count)
        #expect(simulation.coordinator.views.allSatisfy { $0.drain == nil }, "no drain outlives the outage")
        #expect(simulation.checker.holds)
    }

    /// A drain order lost on the wire is repaired by the next heartbeat (reconciliation).
    @Test func aLostDrainOrderIsSentAgainUntilTheNodeObeys() throws {
        let (simulation, tape) = try makeTapedSimulation(makeConfiguration(nodes: 3))
        try simulation.perform(.messageLoss(probability: 1, plane: .control, duration: .seconds(1)))
        try simulation.perform(.drain(NodeID(2)))
        #expect(tape.of(.messageLost).contains { if case .messageLost(.control, .drainNode) = $0.detail { true } else { false } })
        simulation.advance(by: .seconds(1))
        #expect(simulation.nodes[2].health == .healthy, "the order was lost")
        simulation.advance(by: .seconds(5))
        #expect(simulation.nodes[2].health == .draining, "a later heartbeat showed it, and the order went again")
    }

    // MARK: placement that holds

    /// Under light load every first lease goes to its target node: no node steals at t = 0
    /// work its idle owner is about to pull.
    @Test func aCalmBalancedRunLeasesEveryShardToItsTarget() throws {
        var configuration = makeConfiguration(nodes: 4, concurrency: 4, seed: 3)
        configuration.eventLogCapacity = 16
        let (simulation, tape) = try makeTapedSimulation(configuration)
        try simulation.perform(.schedule(makeRun(items: 1200, shardSize: 100, work: 20...30)))
        #expect(simulation.runUntilIdle(limit: .zero + .hours(1)))
        let first = tape.of(.shardLeased)
        #expect(first.count == 12)
        #expect(first.allSatisfy { if case .lease(_, _, false, _) = $0.detail { true } else { false } }, "nothing stolen")
        let perNode = Dictionary(grouping: first, by: { $0.node!.index }).mapValues(\.count)
        #expect(perNode == [0: 3, 1: 3, 2: 3, 3: 3], "every node runs its own shards")
    }

    /// A straggler's backlog still drains: work that has waited `steal_after` is stolen.
    @Test func aStragglersBacklogIsStolenOnceItHasWaited() throws {
        let (simulation, tape) = try makeTapedSimulation(makeConfiguration(nodes: 4, concurrency: 1))
        try simulation.perform(.slow(NodeID(0), factor: 20, duration: nil))
        try simulation.perform(.schedule(makeRun(items: 40, shardSize: 2, work: 4...6)))
        #expect(simulation.runUntilIdle(limit: .zero + .hours(1)))
        let stolen = tape.of(.shardLeased).filter { if case .lease(_, _, true, _) = $0.detail { true } else { false } }
        #expect(!stolen.isEmpty)
        let earliest = try #require(stolen.map(\.time).min())
        #expect(earliest >= .zero + simulation.configuration.effectiveStealAfter, "nothing is stolen before it waited steal_after")
    }

    // MARK: supervision

    /// A rejected attempt's checkpoints no longer count: its retry starts from zero, and a
    /// rejected result is never committed.
    @Test func aRejectedResultIsRetriedFromZeroAndNeverCommitted() throws {
        var configuration = makeConfiguration(nodes: 3, concurrency: 2)
        configuration.validationRejectProbability = 0.3
        configuration.maxReceiveCount = 20
        configuration.eventLogCapacity = 16
        let (simulation, tape) = try makeTapedSimulation(configuration)
        try simulation.perform(.schedule(makeRun(items: 60, shardSize: 2, work: 8...12)))
        #expect(simulation.runUntilIdle(limit: .zero + .hours(2)))
        let rejected = tape.of(.validationRejected)
        #expect(!rejected.isEmpty)
        for rejection in rejected {
            let retry = try #require(tape.events.first { $0.kind == .taskRedelivered && $0.task == rejection.task && $0.time >= rejection.time })
            guard case let .redelivery(_, _, resumedFrom, _, _) = retry.detail else { Issue.record("detail"); continue }
            #expect(resumedFrom == 0, "the retry of a rejected attempt starts from zero")
            #expect(!tape.events.contains { $0.kind == .taskCommitted && $0.task == rejection.task && $0.detail.token == rejection.detail.token })
        }
        #expect(Set(tape.of(.taskCommitted).compactMap(\.task)).count == 30)
        #expect(simulation.checker.holds)
    }

    /// The verdict is a pure function of (seed, task, attempt): it does not depend on which node
    /// ran the attempt or when.
    @Test func validationVerdictsArePerTaskAndAttempt() {
        let draws = TaskDraws(seed: 42)
        let task = TaskRef(runSlot: 0, iteration: 1, shard: 7)
        let verdicts = (1...200).map { draws.isValid(task, attempt: $0, rejectProbability: 0.5) }
        #expect(verdicts == (1...200).map { TaskDraws(seed: 42).isValid(task, attempt: $0, rejectProbability: 0.5) })
        #expect(verdicts.contains(true) && verdicts.contains(false))
        #expect((1...50).allSatisfy { draws.isValid(task, attempt: $0, rejectProbability: 0) })
    }
}
