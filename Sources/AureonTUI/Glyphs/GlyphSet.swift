/// The characters widgets draw with, chosen once per session.
///
/// Widgets never hard-code `┌` or `█`: they ask the glyph set, so the whole
/// console falls back to plain ASCII on a terminal or locale that cannot show
/// Unicode (`--ascii`, or a non-UTF-8 locale; see ``GlyphSet/preferred(environment:forceASCII:)``).
public struct GlyphSet: Hashable, Sendable {
    public var name: String
    public var isUnicode: Bool

    // Borders.
    public var topLeft: Character
    public var topRight: Character
    public var bottomLeft: Character
    public var bottomRight: Character
    public var horizontal: Character
    public var vertical: Character
    public var teeLeft: Character
    public var teeRight: Character

    /// Eighth blocks for bars and sparklines, from lowest (index 0, ▁) to full (index 7, █).
    /// The ASCII set repeats coarse characters so code indexing by level works unchanged.
    public var levels: [Character]
    /// Horizontal partial blocks ▏▎▍▌▋▊▉ (index 0 = 1/8 … 6 = 7/8); empty in ASCII, where bars are whole cells.
    public var partialBlocks: [Character]
    public var fullBlock: Character
    public var emptyBlock: Character

    // Shard map.
    public var shardFilled: Character
    public var shardEmpty: Character
    public var shardPartial: Character

    // Health markers.
    public var dotFull: Character
    public var dotHalf: Character
    public var dotEmpty: Character
    public var cross: Character

    // Heartbeat.
    public var heart: Character
    public var heartEmpty: Character

    // Pointers and separators.
    public var pointer: Character
    /// A pointer facing left, closing a selected button (`▸ No ◂`).
    public var pointerLeft: Character
    /// The "by" sign in sizes such as 80×24.
    public var times: Character
    public var separator: Character
    public var check: Character
    public var ellipsis: String

    /// Box drawing, eighth blocks and geometric shapes.
    public static let unicode = GlyphSet(
        name: "unicode", isUnicode: true,
        topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        horizontal: "─", vertical: "│", teeLeft: "├", teeRight: "┤",
        levels: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
        partialBlocks: ["▏", "▎", "▍", "▌", "▋", "▊", "▉"],
        fullBlock: "█", emptyBlock: "░",
        shardFilled: "■", shardEmpty: "□", shardPartial: "▣",
        dotFull: "●", dotHalf: "◐", dotEmpty: "○", cross: "✕",
        heart: "♥", heartEmpty: "♡",
        pointer: "▸", pointerLeft: "◂", times: "×", separator: "│", check: "✓", ellipsis: "…"
    )

    /// Seven-bit ASCII only: safe on any terminal and in any locale.
    public static let ascii = GlyphSet(
        name: "ascii", isUnicode: false,
        topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        horizontal: "-", vertical: "|", teeLeft: "+", teeRight: "+",
        levels: ["_", "_", ".", ".", "-", "=", "#", "#"],
        partialBlocks: [],
        fullBlock: "#", emptyBlock: ".",
        shardFilled: "#", shardEmpty: ".", shardPartial: "*",
        dotFull: "*", dotHalf: "o", dotEmpty: "o", cross: "x",
        heart: "*", heartEmpty: ".",
        pointer: ">", pointerLeft: "<", times: "x", separator: "|", check: "+", ellipsis: "..."
    )

    /// Whether a locale environment asks for UTF-8.
    ///
    /// POSIX precedence: the first non-empty of `LC_ALL`, `LC_CTYPE`, `LANG`
    /// decides. Takes the values as a dictionary (pass
    /// `ProcessInfo.processInfo.environment`) so the decision is testable.
    public static func localeIsUTF8(environment: [String: String]) -> Bool {
        for key in ["LC_ALL", "LC_CTYPE", "LANG"] {
            if let value = environment[key], !value.isEmpty {
                let lowered = value.lowercased()
                return lowered.contains("utf-8") || lowered.contains("utf8")
            }
        }
        return false
    }

    /// The glyph set to use: ASCII when forced (`--ascii`) or when the locale is not UTF-8.
    public static func preferred(environment: [String: String], forceASCII: Bool = false) -> GlyphSet {
        if forceASCII { return .ascii }
        return localeIsUTF8(environment: environment) ? .unicode : .ascii
    }
}
