import AureonCluster
import AureonEngine
import Testing

/// `NodeMachine`, the public face live mode drives a node through: the orchestrator's effects
/// come out one for one, and answers go back in as the simulation's queue would send them.
struct NodeMachineTests {
    private var configuration: ClusterConfiguration {
        var configuration = ClusterConfiguration()
        configuration.concurrency = 2
        return configuration
    }

    private func sends(_ outputs: [NodeOutput]) -> [NetworkMessage] {
        outputs.compactMap { if case let .send(message, _) = $0 { message } else { nil } }
    }

    private func timers(_ outputs: [NodeOutput]) -> [NodeTimer] {
        outputs.compactMap { if case let .arm(timer, _) = $0 { timer } else { nil } }
    }

    @Test func startingArmsTheHeartbeatAndPullsForEveryFreeSlot() throws {
        var machine = NodeMachine(name: "n", incarnation: 3, configuration: configuration, seed: 1)
        let outputs = machine.start(now: .zero)
        #expect(timers(outputs).contains(.heartbeat(incarnation: 3)))
        let pull = try #require(sends(outputs).compactMap { if case let .pull(request) = $0 { request } else { nil } }.first)
        #expect(pull.want == 2)
        #expect(pull.incarnation == 3)
    }

    @Test func aGrantStartsWorkAndTheFinalCheckpointCommitsIt() throws {
        var machine = NodeMachine(name: "n", incarnation: 1, configuration: configuration, seed: 1)
        let pull = try #require(sends(machine.start(now: .zero)).compactMap { if case let .pull(request) = $0 { request } else { nil } }.first)
        let grant = LeaseGrant(message: MessageID(7), task: TaskRef(runSlot: 1, iteration: 0, shard: 7), token: FencingToken(4),
                               deadline: VirtualTime(microseconds: 60_000_000), attempt: 1, resumeFrom: 0, work: .seconds(5))
        let started = machine.deliver(.leases(pullID: pull.pullID, grants: [grant], fenced: false), now: .zero)
        #expect(machine.node.activeCount == 1)
        let wake = try #require(timers(started).first { if case .taskWake = $0 { true } else { false } })
        let finished = machine.fire(wake, now: VirtualTime(microseconds: 5_000_000))
        let final = try #require(sends(finished).compactMap { if case let .checkpoint(write) = $0 { write } else { nil } }.first)
        #expect(final.isFinal)
        #expect(final.write.token == FencingToken(4))
        let committed = machine.deliver(.checkpointReply(WriteReply(answering: final.write, isFinal: true,
                                                                    outcome: .accepted(deadline: VirtualTime(microseconds: 65_000_000)))),
                                        now: VirtualTime(microseconds: 5_000_000))
        #expect(sends(committed).contains { if case .ack = $0 { true } else { false } })
        #expect(machine.node.activeCount == 0)
        #expect(machine.node.completedCount == 1)
    }

    @Test func beingFencedMakesTheNodeRejoinAsTheNextIncarnation() {
        var machine = NodeMachine(name: "n", incarnation: 1, configuration: configuration, seed: 1)
        _ = machine.start(now: .zero)
        let outputs = machine.deliver(.rejoin(fencedIncarnation: 1), now: VirtualTime(microseconds: 1_000_000))
        #expect(machine.node.incarnation == 2)
        #expect(outputs.contains { if case .emit(.nodeRejoined, _, _) = $0 { true } else { false } })
        #expect(sends(outputs).contains { if case let .heartbeat(beat) = $0 { beat.incarnation == 2 } else { false } })
    }
}
