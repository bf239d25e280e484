/// A style reduced to what the terminal can show: the last step before painting.
///
/// Backends paint `ResolvedStyle`s only, so the mapping from theme colours to
/// the terminal is one testable function (``StyleResolver/resolve(_:)``)
/// rather than logic buried in ncurses calls.
public struct ResolvedStyle: Hashable, Sendable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var attributes: TextAttributes

    public init(foreground: TerminalColor, background: TerminalColor, attributes: TextAttributes) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}

/// Degrades ``CellStyle``s for one ``ColorCapability``.
public struct StyleResolver: Hashable, Sendable {
    public var capability: ColorCapability

    public init(capability: ColorCapability) {
        self.capability = capability
    }

    /// Colours degraded to the capability; without colour, the style's
    /// `emphasisWithoutColor` attributes are added so selection, errors and
    /// focus stay visible. When degradation makes foreground equal background
    /// (a dark grey on black both become black), the foreground is flipped to
    /// white or black so text never disappears.
    public func resolve(_ style: CellStyle) -> ResolvedStyle {
        guard capability != .none else {
            return ResolvedStyle(foreground: .default, background: .default,
                                 attributes: style.attributes.union(style.emphasisWithoutColor))
        }
        var fg = ColorPalette.degrade(style.foreground, to: capability)
        let bg = ColorPalette.degrade(style.background, to: capability)
        if capability == .ansi8, fg != .default, fg == bg, style.foreground != style.background {
            fg = bg == .ansi(0) || bg == .ansi(4) || bg == .ansi(1) ? .ansi(7) : .ansi(0)
        }
        return ResolvedStyle(foreground: fg, background: bg, attributes: style.attributes)
    }
}
