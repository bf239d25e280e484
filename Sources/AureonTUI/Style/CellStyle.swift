/// How one cell looks: colours, attributes, and what to do when there is no colour.
///
/// `emphasisWithoutColor` lets a theme say "this is a selection" or "this is an
/// error" in a way that survives `NO_COLOR` and monochrome terminals: the
/// ``StyleResolver`` adds those attributes only when colours are dropped, so a
/// colour theme is not cluttered with bold and reverse everywhere.
public struct CellStyle: Hashable, Sendable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var attributes: TextAttributes
    /// Attributes added only when the terminal shows no colour at all.
    public var emphasisWithoutColor: TextAttributes

    public init(
        foreground: TerminalColor = .default,
        background: TerminalColor = .default,
        attributes: TextAttributes = [],
        emphasisWithoutColor: TextAttributes = []
    ) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
        self.emphasisWithoutColor = emphasisWithoutColor
    }

    /// The terminal's default look.
    public static let plain = CellStyle()

    /// A copy with `attributes` added.
    public func adding(_ attributes: TextAttributes) -> CellStyle {
        var copy = self
        copy.attributes.formUnion(attributes)
        return copy
    }

    /// A copy with another foreground.
    public func foreground(_ color: TerminalColor) -> CellStyle {
        var copy = self
        copy.foreground = color
        return copy
    }

    /// A copy with another background.
    public func background(_ color: TerminalColor) -> CellStyle {
        var copy = self
        copy.background = color
        return copy
    }

    /// Lays `other` over this style: its non-default colours win and attributes add up.
    /// Used to put a selection highlight over a cell's own style.
    public func patched(with other: CellStyle) -> CellStyle {
        CellStyle(
            foreground: other.foreground == .default ? foreground : other.foreground,
            background: other.background == .default ? background : other.background,
            attributes: attributes.union(other.attributes),
            emphasisWithoutColor: emphasisWithoutColor.union(other.emphasisWithoutColor)
        )
    }
}
