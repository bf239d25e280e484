import Testing
@testable import AureonEngine

@Suite struct EventSchedulerTests {
    @Test func ordersByTimeThenInsertion() {
        var scheduler = EventScheduler<String>()
        scheduler.schedule("late", at: .zero + .seconds(2))
        scheduler.schedule("first-at-1", at: .zero + .seconds(1))
        scheduler.schedule("second-at-1", at: .zero + .seconds(1))
        scheduler.schedule("third-at-1", at: .zero + .seconds(1))
        var order: [String] = []
        while let entry = scheduler.popNext(notAfter: .distantFuture) { order.append(entry.payload) }
        #expect(order == ["first-at-1", "second-at-1", "third-at-1", "late"])
        #expect(scheduler.now == .zero + .seconds(2))
    }

    @Test func respectsTheLimitAndAdvancesTheClock() {
        var scheduler = EventScheduler<Int>()
        scheduler.schedule(1, at: .zero + .seconds(5))
        #expect(scheduler.popNext(notAfter: .zero + .seconds(4)) == nil)
        scheduler.advanceClock(to: .zero + .seconds(4))
        #expect(scheduler.now == .zero + .seconds(4))
        #expect(scheduler.popNext(notAfter: .zero + .seconds(5))?.payload == 1)
    }
}

@Suite struct TraceHasherTests {
    @Test func emptyHashIsTheFNVOffsetBasis() {
        #expect(TraceHasher().value == 0xCBF2_9CE4_8422_2325)
        #expect(TraceHasher().hexDigest == "cbf29ce484222325")
    }

    @Test func orderAndContentMatter() {
        var a = TraceHasher(), b = TraceHasher(), c = TraceHasher()
        a.combine(1); a.combine(2)
        b.combine(2); b.combine(1)
        c.combine(1); c.combine(2)
        #expect(a.value != b.value)
        #expect(a.value == c.value)
        var d = TraceHasher(), e = TraceHasher()
        d.combine("ab"); d.combine("c")
        e.combine("a"); e.combine("bc")
        #expect(d.value != e.value, "string lengths are part of the hash")
        #expect(a.hexDigest.count == 16)
    }
}

@Suite struct EventHeapTests {
    @Test func popsInTimeThenSequenceOrderForRandomInput() {
        var random = SeededRandom(seed: 5)
        var scheduler = EventScheduler<Int>()
        var expected: [(Int64, Int)] = []
        for index in 0..<5_000 {
            let time = random.integer(in: 0...200)
            scheduler.schedule(index, at: .zero + .microseconds(time))
            expected.append((time, index))
        }
        expected.sort { $0 < $1 }
        var popped: [Int] = []
        while let entry = scheduler.popNext(notAfter: .distantFuture) { popped.append(entry.payload) }
        #expect(popped == expected.map(\.1))
    }

    @Test func interleavedInsertsAndPopsStayOrdered() {
        var random = SeededRandom(seed: 6)
        var scheduler = EventScheduler<Int>()
        var last = VirtualTime.zero
        for step in 0..<10_000 {
            if random.chance(0.6) || scheduler.isEmpty {
                scheduler.schedule(step, at: scheduler.now + .microseconds(random.integer(in: 0...50)))
            } else if let entry = scheduler.popNext(notAfter: .distantFuture) {
                #expect(entry.time >= last)
                last = entry.time
            }
        }
    }
}

@Suite struct TimingWheelTests {
    /// Near (wheel), far (heap) and same-instant (FIFO) events interleaved with pops must come
    /// out exactly as a single sorted list of (time, sequence) would give them.
    @Test func nearAndFarEventsPopInTheOrderOfOneHeap() {
        var random = SeededRandom(seed: 11)
        var scheduler = EventScheduler<Int>()
        var pending: [(time: Int64, sequence: Int)] = []
        var mismatches = 0
        var usedWheel = false, usedHeap = false
        for step in 0..<12_000 {
            if random.chance(0.55) || pending.isEmpty {
                // Delays around the wheel's span, including zero and exactly the span.
                let choice = random.integer(in: 0...3)
                let delay: Int64 = switch choice {
                case 0: 0
                case 1: random.integer(in: 1...TimingWheel<Int>.span - 1)
                case 2: TimingWheel<Int>.span + random.integer(in: 0...2)
                default: random.integer(in: 1...200_000)
                }
                let time = scheduler.now.microseconds + delay
                usedWheel = usedWheel || (delay > 0 && delay < TimingWheel<Int>.span)
                usedHeap = usedHeap || delay >= TimingWheel<Int>.span
                scheduler.schedule(step, at: .zero + .microseconds(time))
                pending.append((time, step))
            } else {
                let expected = pending.indices.min { (pending[$0].time, pending[$0].sequence) < (pending[$1].time, pending[$1].sequence) }!
                let entry = scheduler.popNext(notAfter: .distantFuture)
                if entry?.payload != pending[expected].sequence { mismatches += 1 }
                pending.remove(at: expected)
            }
        }
        #expect(usedWheel && usedHeap)
        #expect(mismatches == 0)
        #expect(scheduler.count == pending.count)
    }

    /// Periodic timers go to delay lanes: with lanes for some delays, events of those delays,
    /// of others, near and same-instant ones still pop in exactly the order of one heap.
    @Test func delayLanesKeepTheOrderOfOneHeap() {
        var random = SeededRandom(seed: 12)
        var scheduler = EventScheduler<Int>()
        let laneDelays: [Int64] = [10_000_000, 20_000_000, 21_000_000, TimingWheel<Int>.span - 1]
        for delay in laneDelays { scheduler.addLane(delay: .microseconds(delay)) }
        var pending: [(time: Int64, sequence: Int)] = []
        var mismatches = 0
        var laneEvents = 0, otherEvents = 0
        for step in 0..<12_000 {
            if random.chance(0.55) || pending.isEmpty {
                let delay: Int64 = switch random.integer(in: 0...4) {
                case 0: 0
                case 1: random.integer(in: 1...TimingWheel<Int>.span - 1)
                case 2, 3: laneDelays[Int(random.integer(in: 0...3))]
                default: random.integer(in: 1...30_000_000)
                }
                if laneDelays.contains(delay) { laneEvents += 1 } else { otherEvents += 1 }
                let time = scheduler.now.microseconds + delay
                scheduler.schedule(step, at: .zero + .microseconds(time))
                pending.append((time, step))
            } else {
                let expected = pending.indices.min { (pending[$0].time, pending[$0].sequence) < (pending[$1].time, pending[$1].sequence) }!
                #expect(scheduler.nextTime?.microseconds == pending[expected].time)
                let entry = scheduler.popNext(notAfter: .distantFuture)
                if entry?.payload != pending[expected].sequence { mismatches += 1 }
                pending.remove(at: expected)
            }
        }
        #expect(laneEvents > 1_000 && otherEvents > 1_000)
        #expect(mismatches == 0)
        #expect(scheduler.count == pending.count)
        #expect(scheduler.lanes.count == 3, "a delay inside the wheel's span gets no lane")
        #expect(scheduler.lanes.reduce(0) { $0 + $1.count } > 0, "lanes were used")
    }

    @Test func theNextTimeLooksAtTheWheelAndTheHeap() {
        var scheduler = EventScheduler<Int>()
        scheduler.schedule(1, at: .zero + .seconds(5))
        #expect(scheduler.nextTime == .zero + .seconds(5))
        scheduler.schedule(2, at: .zero + .milliseconds(3))
        #expect(scheduler.nextTime == .zero + .milliseconds(3))
        #expect(scheduler.popNext(notAfter: .zero + .milliseconds(2)) == nil)
        #expect(scheduler.popNext(notAfter: .distantFuture)?.payload == 2)
        #expect(scheduler.nextTime == .zero + .seconds(5))
    }
}
