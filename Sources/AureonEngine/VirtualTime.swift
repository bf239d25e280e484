/// A point on the simulation's virtual clock, in microseconds since the start of the run.
///
/// Nothing in the engine or the cluster ever reads the wall clock; every timestamp is one of
/// these, so a history is a pure function of the seed and the operator's actions.
public struct VirtualTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var microseconds: Int64

    public init(microseconds: Int64) { self.microseconds = microseconds }

    public static let zero = VirtualTime(microseconds: 0)
    /// A time later than any run can reach; used as "never".
    public static let distantFuture = VirtualTime(microseconds: Int64.max / 4)

    public static func < (lhs: VirtualTime, rhs: VirtualTime) -> Bool { lhs.microseconds < rhs.microseconds }
    public static func + (lhs: VirtualTime, rhs: VirtualDuration) -> VirtualTime { .init(microseconds: lhs.microseconds + rhs.microseconds) }
    public static func - (lhs: VirtualTime, rhs: VirtualDuration) -> VirtualTime { .init(microseconds: lhs.microseconds - rhs.microseconds) }
    public static func - (lhs: VirtualTime, rhs: VirtualTime) -> VirtualDuration { .init(microseconds: lhs.microseconds - rhs.microseconds) }

    /// Seconds since the start, for reports.
    public var seconds: Double { Double(microseconds) / 1_000_000 }

    /// Clock form `HH:MM:SS.mmm` as shown in the console's status bar.
    public var description: String { DurationFormat.clock(self) }
}
