/// Text attributes a terminal can render without colour.
///
/// Kept to the four that every terminal worth supporting understands, so a
/// monochrome theme can still express emphasis (see ``CellStyle/emphasisWithoutColor``).
public struct TextAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    public static let bold = TextAttributes(rawValue: 1 << 0)
    public static let dim = TextAttributes(rawValue: 1 << 1)
    public static let reverse = TextAttributes(rawValue: 1 << 2)
    public static let underline = TextAttributes(rawValue: 1 << 3)

    /// Parses names such as `bold`, `dim`, `reverse`, `underline`; `nil` for an unknown name.
    public init?(name: String) {
        switch name.lowercased() {
        case "bold": self = .bold
        case "dim": self = .dim
        case "reverse": self = .reverse
        case "underline": self = .underline
        default: return nil
        }
    }
}
