import AureonEngine
import Testing
@testable import AureonCluster

/// Each state machine alone: feed it inputs, look at the effects it returns.
@Suite struct NodeOrchestratorAloneTests {
    static let configuration = makeConfiguration(nodes: 1, concurrency: 2)
    static func node() -> NodeOrchestrator {
        NodeOrchestrator(id: NodeID(0), name: "node-01", role: .hybrid, maxConcurrency: 2, settings: NodeSettings(configuration), seed: 1)
    }

    static func sent(_ effects: EffectSink) -> [NetworkMessage] {
        (0..<effects.count).compactMap { if case let .send(index) = effects[$0] { effects.outgoing(index).message } else { nil } }
    }

    @Test func aGrantIsWorkedCheckpointedCommittedAndAcked() {
        var node = Self.node()
        var effects = EffectSink()
        node.start(now: .zero, firstHeartbeat: .zero + .seconds(1), into: &effects)
        guard case let .pull(request)? = Self.sent(effects).first else { Issue.record("a new node pulls"); return }
        #expect(request.want == 2)

        effects.removeAll()
        let grant = LeaseGrant(message: MessageID(0), task: TaskRef(runSlot: 0, iteration: 1, shard: 0), token: FencingToken(1),
                               deadline: .zero + .seconds(12), attempt: 1, resumeFrom: 0, alreadyCommitted: false, work: .seconds(5), isPoison: false)
        node.receive(PullResponse(node: NodeID(0), incarnation: 1, pullID: request.pullID, grants: GrantSpan(start: 0, count: 1), fenced: false),
                     grants: [grant][...], now: .zero + .milliseconds(4), into: &effects)
        #expect(node.activeCount == 1)
        #expect(Self.sent(effects).contains { if case let .pull(more) = $0 { more.want == 1 } else { false } }, "asks for the free slot")

        effects.removeAll()
        let finish = VirtualTime.zero + .milliseconds(4) + .seconds(5)
        node.taskWake(slot: 0, execution: 1, now: finish, into: &effects)
        let checkpoints = Self.sent(effects).compactMap { if case let .checkpoint(write) = $0 { write } else { nil } }
        #expect(Self.sent(effects).contains { if case .renew = $0 { true } else { false } }, "the lease was due for renewal too")
        guard let final = checkpoints.first else { Issue.record("the final checkpoint goes out"); return }
        #expect(final.isFinal && final.write.token == FencingToken(1))

        effects.removeAll()
        node.receiveCheckpointReply(WriteReply(node: NodeID(0), incarnation: 1, execution: 1, slot: 0, isFinal: true, outcome: .accepted(deadline: finish)),
                                    now: finish + .milliseconds(4), into: &effects)
        #expect(Self.sent(effects).contains { if case .ack = $0 { true } else { false } })
        #expect(node.activeCount == 0 && node.completedCount == 1)
    }

    /// A node's slots follow what it runs, not its concurrency: 100,000 nodes × 1,024 slots
    /// must not cost gigabytes of empty slots. Freed slots are reused lowest first.
    @Test func slotsGrowWithRunningWorkNotWithConcurrency() {
        var node = NodeOrchestrator(id: NodeID(0), name: "node-01", role: .hybrid, maxConcurrency: 1_024,
                                    settings: NodeSettings(Self.configuration), seed: 1)
        var effects = EffectSink()
        #expect(node.slots.isEmpty)
        func grant(_ index: Int) -> LeaseGrant {
            LeaseGrant(message: MessageID(index), task: TaskRef(runSlot: 0, iteration: 1, shard: index), token: FencingToken(UInt64(index + 1)),
                       deadline: .zero + .seconds(12), attempt: 1, resumeFrom: 0, alreadyCommitted: false, work: .seconds(5), isPoison: false)
        }
        let grants = [grant(0), grant(1), grant(2)]
        node.receive(PullResponse(node: NodeID(0), incarnation: 1, pullID: 0, grants: GrantSpan(start: 0, count: 3), fenced: false),
                     grants: grants[...], now: .zero, into: &effects)
        #expect(node.activeCount == 3 && node.slots.count == 3)
        #expect(node.slots.capacity < 64, "storage for what runs, not for 1,024 slots")
        // The last execution is fenced out by a stale renewal answer: its slot is trimmed.
        node.receiveRenewReply(WriteReply(node: NodeID(0), incarnation: 1, execution: 3, slot: 2, isFinal: false, outcome: .stale),
                               now: .zero + .seconds(1), into: &effects)
        #expect(node.activeCount == 2 && node.slots.count == 2)
        node.receiveRenewReply(WriteReply(node: NodeID(0), incarnation: 1, execution: 1, slot: 0, isFinal: false, outcome: .stale),
                               now: .zero + .seconds(1), into: &effects)
        #expect(node.activeCount == 1 && node.slots.count == 2 && node.slots[0] == nil)
        node.receive(PullResponse(node: NodeID(0), incarnation: 1, pullID: 0, grants: GrantSpan(start: 0, count: 1), fenced: false),
                     grants: [grant(3)][...], now: .zero + .seconds(2), into: &effects)
        #expect(node.slots[0]?.task.shard == 3, "the lowest free slot is taken first")
    }

    @Test func aFencedAnswerMakesTheNodeRejoinAsANewIncarnation() {
        var node = Self.node()
        var effects = EffectSink()
        node.receive(PullResponse(node: NodeID(0), incarnation: 1, pullID: 0, grants: .empty, fenced: true), grants: [], now: .zero, into: &effects)
        #expect(node.incarnation == 2)
        let kinds = (0..<effects.count).compactMap { if case let .emit(kind, _, _, _, _) = effects[$0] { kind } else { nil } }
        #expect(kinds.contains(.nodeRejoined))
    }
}

/// Effects and messages are copied several times per engine event: they must stay plain
/// data (no strings, arrays or classes inside), or every copy retains and releases.
@Suite struct PlainDataTests {
    @Test func effectsAndMessagesArePlainData() {
        #expect(_isPOD(Effect.self))
        #expect(_isPOD(NetworkMessage.self))
        #expect(_isPOD(SimulationEvent.self))
    }

    /// The broker keeps an entry per lease set in the last visibility timeout: 16 bytes each.
    @Test func aLeaseDeadlineEntryIsSixteenBytes() {
        #expect(MemoryLayout<QueueBroker.DeadlineEntry>.stride == 16)
        let entry = QueueBroker.DeadlineEntry(deadline: .zero + .seconds(60), message: MessageID(7), token: FencingToken(1 << 32 | 5))
        #expect(entry.messageID == MessageID(7) && entry.tokenBits == 5)
    }

    @Test func anEventsTextTravelsBesideItsEffect() {
        var effects = EffectSink()
        effects.emit(.narration, detail: .reason("hello"))
        effects.emit(.nodeJoined, node: NodeID(0), detail: .incarnation(1))
        guard case let .emit(kind, _, _, _, detail) = effects[0] else { Issue.record("an emit effect"); return }
        #expect(kind == .narration && effects.takeDetail(detail) == .reason("hello"))
        guard case let .emit(_, _, _, _, second) = effects[1] else { Issue.record("an emit effect"); return }
        #expect(effects.takeDetail(second) == .incarnation(1))
        // Taken: moved out, not copied (the text is no longer held by the sink).
        #expect(effects.takeDetail(detail) == EventDetail.none)
        effects.removeAll()
        #expect(effects.isEmpty)
    }

    /// A message travels beside its effect, in order, and a pass's slots serve the next pass.
    @Test func aMessageTravelsBesideItsEffect() {
        var effects = EffectSink()
        for pass in 0..<2 {
            effects.send(.drainNode, from: .coordinator, to: .node(NodeID(pass)))
            effects.arm(.stealCheck, at: .zero + .seconds(1))
            effects.send(.rebalanceRequest, from: .node(NodeID(3)), to: .coordinator)
            let sent = (0..<effects.count).compactMap { if case let .send(index) = effects[$0] { effects.outgoing(index) } else { nil } }
            #expect(sent.map(\.message.kind) == [.drainNode, .rebalanceRequest])
            #expect(sent.map(\.to) == [.node(NodeID(pass)), .coordinator] && sent[1].from == .node(NodeID(3)))
            effects.removeAll()
        }
        // Copied several times per engine event: an event's fields at most (with a message
        // inline it was the largest message plus two endpoints).
        #expect(MemoryLayout<Effect>.size <= 48)
    }
}

@Suite struct HeartbeatHistoryTests {
    @Test func keepsTheNewestArrivalsOldestFirst() {
        var history = HeartbeatHistory()
        #expect(history.times.isEmpty)
        for second in 1...5 { history.record(.zero + .seconds(Int64(second))) }
        #expect(history.times == (1...5).map { .zero + .seconds(Int64($0)) })
        for second in 6...40 { history.record(.zero + .seconds(Int64(second))) }
        #expect(history.times == (25...40).map { .zero + .seconds(Int64($0)) })
        #expect(Int(history.count) == HeartbeatHistory.limit)
    }
}

@Suite struct DeterministicDrawTests {
    /// Our own bounded draws: pinned values, so a change of algorithm is a visible change of
    /// history rather than a silent one.
    @Test func boundedDrawsArePinnedAndInRange() {
        var random = SeededRandom(seed: 2026)
        let draws = (0..<6).map { _ in random.below(10) }
        var again = SeededRandom(seed: 2026)
        #expect(draws == (0..<6).map { _ in again.below(10) })
        var wide = SeededRandom(seed: 1)
        for _ in 0..<10_000 {
            let value = wide.integer(in: -5...5)
            #expect((-5...5).contains(value))
        }
        var counts = [Int](repeating: 0, count: 3)
        var uniform = SeededRandom(seed: 9)
        for _ in 0..<30_000 { counts[uniform.index(below: 3)] += 1 }
        #expect(counts.allSatisfy { (9_500...10_500).contains($0) }, "\(counts)")
    }

    @Test func theLogarithmNeedsNoLibm() {
        #expect(abs(DeterministicMath.naturalLog(2) - 0.693_147_180_559_945_3) < 1e-15)
        #expect(abs(DeterministicMath.naturalLog(10) - 2.302_585_092_994_045_7) < 1e-14)
        #expect(abs(DeterministicMath.naturalLog(1e-9) + 20.723_265_836_946_41) < 1e-12)
        #expect(DeterministicMath.naturalLog(1) == 0)
        #expect(DeterministicMath.exponential(unit: 0) == 0)
        #expect(DeterministicMath.exponential(unit: 0.999_999_999_999) < 28)
    }
}
