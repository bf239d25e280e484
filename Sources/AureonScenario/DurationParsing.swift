import AureonEngine
import Foundation

/// Duration ranges as people write them: `20s..90s` (single durations: `DurationFormat.parse`).
public enum DurationParsing {
    /// Parses `MIN..MAX`; fails when either side is malformed or MIN > MAX or MIN is zero.
    public static func parseRange(_ text: String) -> Result<ClosedRange<VirtualDuration>, RangeProblem> {
        let parts = text.components(separatedBy: "..")
        if parts.count == 1, let single = DurationFormat.parse(parts[0]), single > .zero { return .success(single...single) }
        guard parts.count == 2, let low = DurationFormat.parse(parts[0]), let high = DurationFormat.parse(parts[1]) else { return .failure(.malformed) }
        guard low > .zero else { return .failure(.zeroMinimum) }
        guard low <= high else { return .failure(.reversed(low, high)) }
        return .success(low...high)
    }

    public enum RangeProblem: Error, CustomStringConvertible {
        case malformed
        case zeroMinimum
        case reversed(VirtualDuration, VirtualDuration)

        public var description: String {
            switch self {
            case .malformed: "must be MIN..MAX, such as 20s..90s"
            case .zeroMinimum: "minimum work must be longer than zero"
            case let .reversed(low, high): "minimum \(low) is greater than maximum \(high)"
            }
        }
    }
}
