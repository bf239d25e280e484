/// How many colours the terminal can show, from none to 24-bit.
///
/// Decided once at startup from plain inputs (environment, ncurses' `COLORS`)
/// so the decision is testable without a terminal.
public enum ColorCapability: Int, Comparable, Hashable, Sendable, CaseIterable {
    /// No colour: `NO_COLOR`, or a terminal without colours. Emphasis uses attributes only.
    case none
    /// The eight basic ANSI colours.
    case ansi8
    /// The xterm-256 palette.
    case indexed256
    /// 24-bit colour.
    case truecolor

    public static func < (lhs: ColorCapability, rhs: ColorCapability) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// Decides the capability.
    ///
    /// - `NO_COLOR` set and non-empty wins (https://no-color.org).
    /// - Fewer than 8 terminal colours: none; fewer than 256: 8 colours.
    /// - 256 or more with `COLORTERM` of `truecolor` or `24bit`: truecolor; else 256.
    /// - Parameter terminalColors: ncurses' `COLORS` after `start_color`, or 0 when `has_colors()` is false.
    public static func detect(environment: [String: String], terminalColors: Int) -> ColorCapability {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
        if terminalColors < 8 { return .none }
        if terminalColors < 256 { return .ansi8 }
        let colorTerm = environment["COLORTERM"]?.lowercased() ?? ""
        if colorTerm == "truecolor" || colorTerm == "24bit" { return .truecolor }
        return .indexed256
    }
}
