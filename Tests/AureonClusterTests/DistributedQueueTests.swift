import AureonEngine
import Testing
@testable import AureonCluster

@Suite struct DistributedQueueTests {
    let t0 = VirtualTime.zero
    let timeout = VirtualDuration.seconds(60)

    func ref(_ shard: Int) -> TaskRef { TaskRef(runSlot: 0, iteration: 1, shard: shard) }

    func receive(_ queue: inout DistributedQueue, node: Int, at time: VirtualTime) -> DistributedQueue.Delivery? {
        var dead: [MessageID] = []
        return queue.dequeue(for: NodeID(node), incarnation: 1, visibilityTimeout: timeout, stealAfter: .zero, now: time, deadLettered: &dead)
    }

    @Test func leasedMessageIsInvisibleUntilItsDeadline() throws {
        var queue = DistributedQueue(nodeCount: 2, maxReceiveCount: 5)
        let id = queue.enqueue(ref(0), target: NodeID(0), now: t0)
        let first = try #require(receive(&queue, node: 0, at: t0))
        #expect(first.lease.message == id && first.lease.token == FencingToken(1))
        let r1 = receive(&queue, node: 1, at: t0 + .seconds(30))
        #expect(r1 == nil, "invisible while leased")
        let r2 = queue.expire(id, token: first.lease.token, now: t0 + .seconds(59))
        #expect(!r2, "not before the deadline")
        let r3 = queue.expire(id, token: first.lease.token, now: t0 + .seconds(60))
        #expect(r3)
        let second = try #require(receive(&queue, node: 1, at: t0 + .seconds(60)))
        #expect(second.lease.token == FencingToken(2), "the next holder gets a higher token")
        #expect(second.receiveCount == 2)
    }

    @Test func ackIsFencedAndFinal() throws {
        var queue = DistributedQueue(nodeCount: 1, maxReceiveCount: 5)
        let id = queue.enqueue(ref(0), target: NodeID(0), now: t0)
        let lease = try #require(receive(&queue, node: 0, at: t0)).lease
        let r4 = queue.ack(id, token: FencingToken(7), now: t0 + .seconds(1))
        #expect(r4 == .stale(current: FencingToken(1)))
        let r5 = queue.ack(id, token: lease.token, now: t0 + .seconds(1))
        #expect(r5 == .accepted)
        #expect(queue[id].state == .acked)
        let r6 = queue.ack(id, token: lease.token, now: t0 + .seconds(2))
        #expect(r6 == .stale(current: FencingToken(1)), "no second ack")
        let r7 = receive(&queue, node: 0, at: t0 + .seconds(100))
        #expect(r7 == nil)
    }

    @Test func writeAfterTheDeadlineExpiresTheLeaseOnTheSpot() throws {
        var queue = DistributedQueue(nodeCount: 1, maxReceiveCount: 5)
        let id = queue.enqueue(ref(0), target: NodeID(0), now: t0)
        let lease = try #require(receive(&queue, node: 0, at: t0)).lease
        let r8 = queue.ack(id, token: lease.token, now: t0 + timeout)
        #expect(r8 == .expired)
        #expect(queue[id].state == .ready)
    }

    @Test func nackRequeuesWithDelayOrDeadLetters() throws {
        var queue = DistributedQueue(nodeCount: 1, maxReceiveCount: 5)
        let a = queue.enqueue(ref(0), target: NodeID(0), now: t0)
        let leaseA = try #require(receive(&queue, node: 0, at: t0)).lease
        let r9 = queue.nack(a, token: leaseA.token, requeue: true, delay: .seconds(10), now: t0)
        #expect(r9 == .accepted)
        #expect(queue.delayedTotal == 1)
        let r10 = receive(&queue, node: 0, at: t0 + .seconds(5))
        #expect(r10 == nil)
        let r11 = queue.promoteDue(now: t0 + .seconds(10))
        #expect(r11 == [a])
        let again = try #require(receive(&queue, node: 0, at: t0 + .seconds(10)))
        let r12 = queue.nack(a, token: again.lease.token, requeue: false, now: t0 + .seconds(11))
        #expect(r12 == .accepted)
        #expect(queue[a].state == .deadLettered && queue.deadLetteredTotal == 1)
    }

    @Test func extendVisibilityMovesTheDeadline() throws {
        var queue = DistributedQueue(nodeCount: 1, maxReceiveCount: 5)
        let id = queue.enqueue(ref(0), target: NodeID(0), now: t0)
        let lease = try #require(receive(&queue, node: 0, at: t0)).lease
        let r13 = queue.extendVisibility(id, token: lease.token, visibilityTimeout: timeout, now: t0 + .seconds(50))
        #expect(r13 == .accepted)
        #expect(queue[id].lease?.deadline == t0 + .seconds(110))
        #expect(queue[id].lease?.renewals == 1)
        let r14 = queue.expire(id, token: lease.token, now: t0 + .seconds(60))
        #expect(!r14, "the old deadline no longer counts")
        let r15 = queue.extendVisibility(id, token: FencingToken(9), visibilityTimeout: timeout, now: t0 + .seconds(51))
        #expect(r15 != .accepted)
    }

    @Test func messagesReceivedTooOftenGoToTheDeadLetterQueue() throws {
        var queue = DistributedQueue(nodeCount: 1, maxReceiveCount: 3)
        let id = queue.enqueue(ref(0), target: NodeID(0), now: t0)
        var time = t0
        for _ in 0..<3 {
            let lease = try #require(receive(&queue, node: 0, at: time)).lease
            time = time + timeout
            let r16 = queue.expire(id, token: lease.token, now: time)
            #expect(r16)
        }
        var dead: [MessageID] = []
        #expect(queue.dequeue(for: NodeID(0), incarnation: 1, visibilityTimeout: timeout, stealAfter: .zero, now: time, deadLettered: &dead) == nil)
        #expect(dead == [id])
        #expect(queue[id].state == .deadLettered)
    }

    @Test func ownWorkFirstThenStealTheOldest() throws {
        var queue = DistributedQueue(nodeCount: 3, maxReceiveCount: 5)
        let forOne = queue.enqueue(ref(0), target: NodeID(1), now: t0)
        let forZeroA = queue.enqueue(ref(1), target: NodeID(0), now: t0)
        let forZeroB = queue.enqueue(ref(2), target: NodeID(0), now: t0)
        let r17 = receive(&queue, node: 0, at: t0)
        #expect(r17?.lease.message == forZeroA)
        let stolen = try #require(receive(&queue, node: 2, at: t0))
        #expect(stolen.lease.message == forOne && stolen.stolen, "an idle node steals the oldest ready message")
        let r18 = receive(&queue, node: 0, at: t0)
        #expect(r18?.lease.message == forZeroB)
        #expect(queue.readyCount == [0, 0, 0])
        #expect(queue.stats.dequeues == 3 && queue.stats.steals == 1)
    }

    @Test func retargetMovesReadyWork() throws {
        var queue = DistributedQueue(nodeCount: 2, maxReceiveCount: 5)
        let id = queue.enqueue(ref(0), target: NodeID(0), now: t0)
        let r19 = queue.retarget(id, to: NodeID(1), now: t0)
        #expect(r19)
        #expect(queue.readyCount == [0, 1])
        let r20 = queue.readyMessages(targetedAt: NodeID(1), limit: 10)
        #expect(r20 == [id])
        let r21 = queue.readyMessages(targetedAt: NodeID(0), limit: 10)
        #expect(r21.isEmpty)
    }

    /// The cost of a receive must not grow with the backlog: count the ready-list entries each
    /// dequeue looks at, for a small and a large queue.
    @Test func dequeueCostDoesNotGrowWithQueueSize() {
        func entriesPerDequeue(messages: Int) -> Double {
            var queue = DistributedQueue(nodeCount: 10, maxReceiveCount: 5)
            for index in 0..<messages { _ = queue.enqueue(ref(index), target: NodeID(index % 10), now: t0) }
            let before = queue.stats.entriesExamined
            for round in 0..<1_000 { _ = receive(&queue, node: round % 10, at: t0) }
            return Double(queue.stats.entriesExamined - before) / 1_000
        }
        let small = entriesPerDequeue(messages: 2_000)
        let large = entriesPerDequeue(messages: 200_000)
        #expect(small <= 1.01 && large <= 1.01, "a linear scan would look at thousands of entries: \(small), \(large)")
    }

    @Test func stealingSkipsEachStaleEntryAtMostOnce() {
        var queue = DistributedQueue(nodeCount: 2, maxReceiveCount: 5)
        for index in 0..<10_000 { _ = queue.enqueue(ref(index), target: NodeID(0), now: t0) }
        for _ in 0..<10_000 { _ = receive(&queue, node: 0, at: t0) }  // own work: leaves stale global entries
        let before = queue.stats.entriesExamined
        let r22 = receive(&queue, node: 1, at: t0)
        #expect(r22 == nil)
        let r23 = receive(&queue, node: 1, at: t0)
        #expect(r23 == nil)
        #expect(queue.stats.entriesExamined - before <= 10_001, "each stale entry is dropped once, not rescanned")
    }
}

@Suite struct QueueRecyclingTests {
    @Test func settledSlotsAreReusedWithTokensThatKeepIncreasing() throws {
        var queue = DistributedQueue(nodeCount: 1, maxReceiveCount: 5)
        let t0 = VirtualTime.zero
        var dead: [MessageID] = []
        let first = queue.enqueue(TaskRef(runSlot: 0, iteration: 1, shard: 0), target: NodeID(0), now: t0)
        let lease = try #require(queue.dequeue(for: NodeID(0), incarnation: 1, visibilityTimeout: .seconds(60), stealAfter: .zero, now: t0, deadLettered: &dead)).lease
        let acked = queue.ack(first, token: lease.token, now: t0)
        #expect(acked == .accepted)
        let unsettled = queue.enqueue(TaskRef(runSlot: 0, iteration: 1, shard: 1), target: NodeID(0), now: t0)
        queue.recycle([first, unsettled])  // only the settled one is taken back
        let reused = queue.enqueue(TaskRef(runSlot: 0, iteration: 2, shard: 0), target: NodeID(0), now: t0)
        #expect(reused == first)
        #expect(queue.messageCount == 2)
        #expect(queue[reused].task == TaskRef(runSlot: 0, iteration: 2, shard: 0) && queue[reused].receiveCount == 0)
        // A zombie still holding the old message's token is refused.
        let zombie = queue.ack(reused, token: lease.token, now: t0)
        #expect(zombie == .stale(current: lease.token))
        _ = queue.dequeue(for: NodeID(0), incarnation: 1, visibilityTimeout: .seconds(60), stealAfter: .zero, now: t0, deadLettered: &dead)
        let next = try #require(queue.dequeue(for: NodeID(0), incarnation: 1, visibilityTimeout: .seconds(60), stealAfter: .zero, now: t0, deadLettered: &dead))
        #expect(next.lease.message == reused && next.lease.token > lease.token)
    }

    @Test func longMultiIterationRunsKeepTheQueueAtOneIterationsSize() throws {
        let simulation = try ClusterSimulation(configuration: makeConfiguration())
        try simulation.perform(.schedule(makeRun(items: 40, shardSize: 1, work: 1...3, iterations: 6)))
        #expect(simulation.runUntilIdle(limit: .zero + .hours(2)))
        // Slots are reused once acked; only acks in flight at an iteration's end hold extra ones.
        #expect(simulation.queue.messageCount <= 40 + 8, "six iterations of 40 shards reuse about 40 slots")
        #expect(simulation.counters.commits == 240)
        #expect(simulation.checker.holds)
    }
}

@Suite struct CheckpointDiscardTests {
    @Test func finishedRunsRecordsAreDroppedFromMemoryOnly() throws {
        let store = InMemoryCheckpointStore(historyLimit: 4)
        let a = TaskID(run: RunID("a"), iteration: 1, shard: .item(0))
        let b = TaskID(run: RunID("b"), iteration: 1, shard: .item(0))
        for (sequence, task) in [(1, a), (2, b), (3, a)] {
            try store.save(InMemoryCheckpointStoreTests.record(task, sequence: UInt64(sequence), progress: 0.5))
        }
        store.discardRecords(of: RunID("a"))
        #expect(try store.latest(for: a) == nil)
        #expect(try store.latest(for: b)?.sequence == 2)
        #expect(try store.latestRecords().map(\.task) == [b])
        try store.save(InMemoryCheckpointStoreTests.record(a, sequence: 4, progress: 0.25))
        #expect(try store.all(for: a).map(\.sequence) == [4])
    }

    @Test func aFinishedRunsMemoryIsReclaimedWhenTheNextRunIsScheduled() throws {
        let simulation = try ClusterSimulation(configuration: makeConfiguration())
        try simulation.perform(.schedule(makeRun(items: 20, shardSize: 2, work: 4...12)))
        #expect(simulation.runUntilIdle(limit: .zero + .hours(1)))
        #expect(try simulation.checkpoints.latestRecords().count == 10, "kept until someone needs the room")
        try simulation.perform(.schedule(makeRun("rqml-run-002", items: 20, shardSize: 2, work: 4...12)))
        #expect(try simulation.checkpoints.latestRecords().isEmpty)
        #expect(simulation.queue.messageCount <= 10 + 1, "the second run reuses the first run's slots")
        #expect(simulation.run(named: RunID("rqml-run-001"))?.shardMessages.isEmpty == true)
        #expect(simulation.runUntilIdle(limit: .zero + .hours(2)))
        #expect(simulation.checker.holds)
    }
}
