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
