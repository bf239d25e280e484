import Testing
@testable import AureonEngine

@Suite struct VirtualTimeTests {
    @Test(arguments: [
        ("500ms", Int64(500_000)), ("30s", 30_000_000), ("2m", 120_000_000), ("1h", 3_600_000_000),
        ("1.5s", 1_500_000), ("250us", 250), ("12", 12_000_000), (" 3s ", 3_000_000),
        ("1h30m", 5_400_000_000), ("2m30s", 150_000_000), ("23h50m", 85_800_000_000),
    ])
    func parsesDurations(text: String, micros: Int64) {
        #expect(DurationFormat.parse(text) == VirtualDuration(microseconds: micros))
    }

    @Test(arguments: ["", "-1s", "abc", "5x", "1e400s", "s", "nan", "inf", "1h-5m", "1h30", "5x3s"])
    func rejectsBadDurations(text: String) {
        #expect(DurationFormat.parse(text) == nil)
    }

    @Test func formatsCompactlyAndAsClock() {
        #expect(VirtualDuration.milliseconds(250).description == "250ms")
        #expect(VirtualDuration.milliseconds(12_500).description == "12.5s")
        #expect(VirtualDuration.seconds(200).description == "3m20s")
        #expect(VirtualDuration.seconds(7_500).description == "2h05m")
        #expect((VirtualTime.zero + .milliseconds(4 * 60_000 + 12_300)).description == "00:04:12.300")
    }

    @Test func arithmeticIsExact() {
        let t = VirtualTime.zero + .seconds(10)
        #expect(t - .seconds(4) == VirtualTime.zero + .seconds(6))
        #expect((t + .milliseconds(1)) - t == .milliseconds(1))
        #expect(VirtualDuration.seconds(60) / 3 == .seconds(20))
        #expect(VirtualDuration.seconds(2).scaled(by: 1.5) == .seconds(3))
    }
}
