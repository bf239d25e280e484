import Testing
@testable import AureonEngine

@Suite struct SeededRandomTests {
    @Test func sameSeedSameStream() {
        var a = SeededRandom(seed: 42), b = SeededRandom(seed: 42), c = SeededRandom(seed: 43)
        let streamA = (0..<100).map { _ in a.next() }
        #expect(streamA == (0..<100).map { _ in b.next() })
        #expect(streamA != (0..<100).map { _ in c.next() })
    }

    @Test func seedZeroAndMaxAreUsable() {
        var zero = SeededRandom(seed: 0), max = SeededRandom(seed: .max)
        let (z1, z2, m1, m2) = (zero.next(), zero.next(), max.next(), max.next())
        #expect(z1 != z2)
        #expect(m1 != m2)
    }

    @Test func unitAndChanceAreInRangeAndRoughlyUniform() {
        var random = SeededRandom(seed: 9)
        var hits = 0
        for _ in 0..<20_000 {
            let unit = random.nextUnit()
            #expect(unit >= 0 && unit < 1)
            if random.chance(0.25) { hits += 1 }
        }
        #expect((4_500...5_500).contains(hits))
        let never = random.chance(0), always = random.chance(1)
        #expect(!never)
        #expect(always)
    }

    @Test func integersStayInRange() {
        var random = SeededRandom(seed: 3)
        var seen = Set<Int64>()
        for _ in 0..<1_000 {
            let value = random.integer(in: 5...9)
            #expect((5...9).contains(value))
            seen.insert(value)
        }
        #expect(seen.count == 5)
    }
}
