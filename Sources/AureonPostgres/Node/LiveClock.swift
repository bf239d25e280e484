import AureonEngine
#if canImport(Glibc)
import Glibc
#endif

/// The wall clock a live node runs its state machine by: monotonic time since the process
/// started, as virtual microseconds sped up by `scale` (`--time-scale`), so a scenario's
/// timings (a 60 s visibility timeout, 2–18 s of work) can be played faster than life.
///
/// The only clock of a live node. Monotonic, so a wall-clock step (NTP) never moves a lease.
public struct LiveClock: Sendable {
    public let scale: Double
    private let origin: Int64

    /// Bounds on the speed-up: a factor outside them makes either nothing move or every
    /// database round trip look like minutes.
    public static let scales = 0.01...1_000.0

    public init(scale: Double) {
        precondition(Self.scales.contains(scale), "time scale \(scale) outside \(Self.scales)")
        self.scale = scale
        origin = Self.monotonicNanoseconds()
    }

    /// Virtual time now.
    public var now: VirtualTime {
        VirtualTime(microseconds: Int64(Double(Self.monotonicNanoseconds() - origin) / 1_000 * scale))
    }

    /// Real seconds a virtual duration takes (the database's visibility times are real).
    public func realSeconds(_ duration: VirtualDuration) -> Double {
        Double(duration.microseconds) / 1_000_000 / scale
    }

    /// Real milliseconds until the virtual time `time`, clamped to `0...limit`.
    public func realMilliseconds(until time: VirtualTime, atMost limit: Int) -> Int {
        let virtualMicros = (time - now).microseconds
        guard virtualMicros > 0 else { return 0 }
        return Int(min(Double(limit), (Double(virtualMicros) / 1_000 / scale).rounded(.up)))
    }

    private static func monotonicNanoseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}
