import Testing
@testable import AureonEngine

@Suite struct EventSchedulerTests {
    @Test func ordersByTimeThenInsertion() {
        var scheduler = EventScheduler<Int>()
        scheduler.schedule(4, at: .zero + .seconds(2))
        scheduler.schedule(1, at: .zero + .seconds(1))
        scheduler.schedule(2, at: .zero + .seconds(1))
        scheduler.schedule(3, at: .zero + .seconds(1))
        var order: [Int] = []
        while let entry = scheduler.popNext(notAfter: .distantFuture) { order.append(entry.payload) }
        #expect(order == [1, 2, 3, 4])
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

    /// A name's bytes fold as FNV-1a byte by byte, then its length, from bytes or from a string.
    @Test func stringBytesFoldAsFNV1aThenTheLength() {
        let text = "rqml-run-0001"
        for length in 0...text.utf8.count {
            let bytes = Array(text.utf8.prefix(length))
            var hasher = TraceHasher()
            bytes.withUnsafeBufferPointer { hasher.combine(utf8: $0) }
            var expected: UInt64 = 0xCBF2_9CE4_8422_2325
            expected = bytes.reduce(expected) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01B3 }
            expected = (expected ^ UInt64(length)) &* 0x0000_0100_0000_01B3
            #expect(hasher.value == expected, "length \(length)")
            var viaString = TraceHasher()
            viaString.combine(String(decoding: bytes, as: UTF8.self))
            #expect(viaString.value == expected, "length \(length), as a string")
        }
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
    /// A copy of a scheduler (a snapshot) is a value: the wheels share memory until one of them
    /// changes, and then each goes its own way, whichever changes first and however the pool grows.
    @Test func aCopiedSchedulerGoesItsOwnWay() {
        var original = EventScheduler<Int>()
        // Near-wheel events (1–999 µs ahead) and coarse ones (10–60 ms ahead), more than the
        // pool's first capacity, so both copies grow their pools after the split.
        for step in 0..<600 { original.schedule(step, at: .zero + .microseconds(Int64(1 + step % 999 + (step % 3) * 10_000))) }
        var copy = original
        for step in 600..<1_200 { copy.schedule(step, at: .zero + .microseconds(Int64(500 + step))) }
        var fromOriginal: [Int] = []
        for _ in 0..<300 { fromOriginal.append(original.popNext(notAfter: .distantFuture)!.payload) }
        for step in 1_200..<1_500 { original.schedule(step, at: original.now + .microseconds(Int64(step))) }
        while let entry = original.popNext(notAfter: .distantFuture) { fromOriginal.append(entry.payload) }
        var fromCopy: [Int] = []
        while let entry = copy.popNext(notAfter: .distantFuture) { fromCopy.append(entry.payload) }
        #expect(fromOriginal.count == 900 && fromCopy.count == 1_200)
        #expect(Set(fromOriginal) == Set(Array(0..<600) + Array(1_200..<1_500)))
        #expect(Set(fromCopy) == Set(0..<1_200))
        // The copy pops in (time, sequence) order: the same as a fresh scheduler given its events.
        var replay = EventScheduler<Int>()
        for step in 0..<600 { replay.schedule(step, at: .zero + .microseconds(Int64(1 + step % 999 + (step % 3) * 10_000))) }
        for step in 600..<1_200 { replay.schedule(step, at: .zero + .microseconds(Int64(500 + step))) }
        var fromReplay: [Int] = []
        while let entry = replay.popNext(notAfter: .distantFuture) { fromReplay.append(entry.payload) }
        #expect(fromCopy == fromReplay)
    }

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
                case 1: random.integer(in: 1...EventScheduler<Int>.nearSpan - 1)
                case 2: EventScheduler<Int>.nearSpan + random.integer(in: 0...2)
                default: random.integer(in: 1...200_000)
                }
                let time = scheduler.now.microseconds + delay
                usedWheel = usedWheel || (delay > 0 && delay < EventScheduler<Int>.nearSpan)
                usedHeap = usedHeap || delay >= EventScheduler<Int>.nearSpan
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
        let laneDelays: [Int64] = [10_000_000, 20_000_000, 21_000_000, EventScheduler<Int>.nearSpan - 1]
        for delay in laneDelays { scheduler.addLane(delay: .microseconds(delay)) }
        var pending: [(time: Int64, sequence: Int)] = []
        var mismatches = 0
        var laneEvents = 0, otherEvents = 0
        for step in 0..<12_000 {
            if random.chance(0.55) || pending.isEmpty {
                let delay: Int64 = switch random.integer(in: 0...4) {
                case 0: 0
                case 1: random.integer(in: 1...EventScheduler<Int>.nearSpan - 1)
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

    /// Delays from zero to past the coarse wheel's reach, popped with limits that often stop
    /// short (so that a coarse block may move to the near wheel and nothing be due yet) and
    /// idle stretches that move the clock: the order, the next time and the count stay those
    /// of one sorted list.
    @Test func coarseBlocksKeepTheOrderOfOneHeapUnderLimitsAndIdleStretches() {
        var random = SeededRandom(seed: 13)
        var scheduler = EventScheduler<Int>()
        scheduler.addLane(delay: .seconds(10))
        var pending: [(time: Int64, sequence: Int)] = []
        var mismatches = 0
        var nilPops = 0, idleMoves = 0, mostInCoarse = 0
        func earliest() -> Int? {
            pending.indices.min { (pending[$0].time, pending[$0].sequence) < (pending[$1].time, pending[$1].sequence) }
        }
        for step in 0..<15_000 {
            // Alternating stretches that fill the scheduler and drain it.
            let inserting = step / 1_000 % 2 == 0 ? 60 : 25
            let roll = random.integer(in: 0...99)
            if roll < inserting || pending.isEmpty {
                let delay: Int64 = switch random.integer(in: 0...5) {
                case 0: 0
                case 1: random.integer(in: 1...5_000)
                case 2: random.integer(in: 5_000...100_000)
                case 3: random.integer(in: 100_000...66_000_000)
                case 4: random.integer(in: 60_000_000...120_000_000)
                default: 10_000_000
                }
                let time = scheduler.now.microseconds + delay
                scheduler.schedule(step, at: .zero + .microseconds(time))
                pending.append((time, step))
            } else if roll < 90 {
                let limit = scheduler.now.microseconds + random.integer(in: 0...3_000_000)
                let expected = earliest()!
                if scheduler.nextTime?.microseconds != pending[expected].time { mismatches += 1 }
                let entry = scheduler.popNext(notAfter: .zero + .microseconds(limit))
                if pending[expected].time <= limit {
                    if entry?.payload != pending[expected].sequence { mismatches += 1 }
                    pending.remove(at: expected)
                } else {
                    if entry != nil { mismatches += 1 }
                    nilPops += 1
                    // An idle stretch: the clock moves to the limit, nothing being due before it.
                    if random.chance(0.5) {
                        scheduler.advanceClock(to: .zero + .microseconds(limit))
                        idleMoves += 1
                    }
                }
            } else {
                // Events scheduled just after the clock moved, into every window.
                let time = scheduler.now.microseconds + random.integer(in: 1...9_000)
                scheduler.schedule(step, at: .zero + .microseconds(time))
                pending.append((time, step))
            }
            if scheduler.count != pending.count { mismatches += 1 }
            mostInCoarse = max(mostInCoarse, scheduler.coarse.count)
        }
        while let expected = earliest() {
            if scheduler.popNext(notAfter: .distantFuture)?.payload != pending[expected].sequence { mismatches += 1 }
            pending.remove(at: expected)
        }
        #expect(mismatches == 0)
        #expect(nilPops > 50 && idleMoves > 15, "\(nilPops) pops found nothing due, \(idleMoves) idle stretches")
        #expect(mostInCoarse > 300, "timers within a minute wait in the coarse wheel, not the heap")
        #expect(scheduler.isEmpty && scheduler.popNext(notAfter: .distantFuture) == nil)
    }

    /// A pop limited to just inside a coarse block moves the block to the near wheel and
    /// finds nothing due; events scheduled after that, earlier than the block or inside it,
    /// still come out in time order.
    @Test func aBlockMovedEarlyStillYieldsTimeOrder() {
        var scheduler = EventScheduler<Int>()
        let block = EventScheduler<Int>.blockSize
        let late = VirtualTime.zero + .microseconds(1_000 * block + 100)
        scheduler.schedule(1, at: late)
        #expect(scheduler.coarse.count == 1)
        #expect(scheduler.popNext(notAfter: .zero + .microseconds(1_000 * block + 50)) == nil)
        #expect(scheduler.wheel.count == 1 && scheduler.coarse.isEmpty, "the block moved to the near wheel")
        scheduler.schedule(2, at: .zero + .milliseconds(1))
        scheduler.schedule(3, at: late - .microseconds(40))
        scheduler.schedule(4, at: late)
        #expect(scheduler.nextTime == .zero + .milliseconds(1))
        let order = (0..<4).compactMap { _ in scheduler.popNext(notAfter: .distantFuture)?.payload }
        #expect(order == [2, 3, 1, 4])
        #expect(scheduler.isEmpty)
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
