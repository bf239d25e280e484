/// A span of virtual time in whole microseconds.
///
/// Durations are integers so that the same arithmetic gives the same answer on every
/// machine: floating-point time would let rounding decide event order.
public struct VirtualDuration: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var microseconds: Int64

    public init(microseconds: Int64) { self.microseconds = microseconds }

    public static let zero = VirtualDuration(microseconds: 0)

    public static func microseconds(_ value: Int64) -> VirtualDuration { VirtualDuration(microseconds: value) }
    public static func milliseconds(_ value: Int64) -> VirtualDuration { VirtualDuration(microseconds: value * 1_000) }
    public static func seconds(_ value: Int64) -> VirtualDuration { VirtualDuration(microseconds: value * 1_000_000) }
    public static func minutes(_ value: Int64) -> VirtualDuration { .seconds(value * 60) }
    public static func hours(_ value: Int64) -> VirtualDuration { .minutes(value * 60) }

    /// The duration in (fractional) seconds, for display and reports only.
    public var seconds: Double { Double(microseconds) / 1_000_000 }

    public static func < (lhs: VirtualDuration, rhs: VirtualDuration) -> Bool { lhs.microseconds < rhs.microseconds }
    public static func + (lhs: VirtualDuration, rhs: VirtualDuration) -> VirtualDuration { .init(microseconds: lhs.microseconds + rhs.microseconds) }
    public static func - (lhs: VirtualDuration, rhs: VirtualDuration) -> VirtualDuration { .init(microseconds: lhs.microseconds - rhs.microseconds) }
    public static func * (lhs: VirtualDuration, rhs: Int64) -> VirtualDuration { .init(microseconds: lhs.microseconds * rhs) }
    public static func / (lhs: VirtualDuration, rhs: Int64) -> VirtualDuration { .init(microseconds: lhs.microseconds / rhs) }

    /// Scales by a real factor, rounding to the nearest microsecond (used for slow-node factors).
    public func scaled(by factor: Double) -> VirtualDuration {
        VirtualDuration(microseconds: Int64((Double(microseconds) * factor).rounded()))
    }

    /// Compact human form: `250ms`, `12.5s`, `3m20s`, `2h05m`.
    public var description: String { DurationFormat.compact(self) }
}
