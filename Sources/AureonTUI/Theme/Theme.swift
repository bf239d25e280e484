/// A named set of semantic colours.
///
/// Widgets get styles from ``style(_:)`` by role; the theme decides colours,
/// and the ``StyleResolver`` later decides how much of that colour the
/// terminal can show. Every slot style carries the theme background so panes
/// drawn over a filled background stay uniform.
public struct Theme: Hashable, Sendable {
    public var name: String
    public private(set) var colors: [ThemeColorKey: TerminalColor]
    /// When true, each slot's no-colour emphasis (bold, reverse…) is applied even on a
    /// colour terminal: for themes such as `monochrome` that carry meaning by attributes.
    /// Set with `monochrome: true` in the theme file.
    public var usesAttributeEmphasis: Bool

    /// A theme from explicit colours; missing keys are `.default`.
    public init(name: String, colors: [ThemeColorKey: TerminalColor], usesAttributeEmphasis: Bool = false) {
        self.name = name
        self.colors = colors
        self.usesAttributeEmphasis = usesAttributeEmphasis
    }

    /// The colour for `key` (`.default` if the theme does not set it).
    public subscript(key: ThemeColorKey) -> TerminalColor {
        get { colors[key] ?? .default }
        set { colors[key] = newValue }
    }

    /// The style for a semantic role, including its no-colour emphasis.
    public func style(_ slot: ThemeSlot) -> CellStyle {
        CellStyle(
            foreground: self[slot.foregroundKey],
            background: self[slot.backgroundKey],
            attributes: baseAttributes(slot),
            emphasisWithoutColor: slot.emphasisWithoutColor
        )
    }

    private func baseAttributes(_ slot: ThemeSlot) -> TextAttributes {
        var attributes: TextAttributes = slot == .title || slot == .borderFocused ? .bold : []
        if usesAttributeEmphasis { attributes.formUnion(slot.emphasisWithoutColor) }
        return attributes
    }

    /// The compiled-in dark theme, identical in spirit to `themes/midnight.yaml`,
    /// so the console works with no theme files at all.
    public static let fallback = Theme(name: "midnight", colors: [
        .healthHealthy: .rgb(red: 0x5f, green: 0xd7, blue: 0x5f),
        .healthDraining: .rgb(red: 0xff, green: 0xd7, blue: 0x5f),
        .healthUnresponsive: .rgb(red: 0xff, green: 0x87, blue: 0x00),
        .healthDead: .rgb(red: 0xff, green: 0x5f, blue: 0x5f),
        .healthKilled: .rgb(red: 0xaf, green: 0x5f, blue: 0xaf),
        .accent: .rgb(red: 0x5f, green: 0xaf, blue: 0xff),
        .border: .rgb(red: 0x4e, green: 0x4e, blue: 0x4e),
        .borderFocused: .rgb(red: 0x5f, green: 0xaf, blue: 0xff),
        .title: .rgb(red: 0xd0, green: 0xd0, blue: 0xd0),
        .text: .rgb(red: 0xc6, green: 0xc6, blue: 0xc6),
        .muted: .rgb(red: 0x80, green: 0x80, blue: 0x80),
        .warning: .rgb(red: 0xff, green: 0xd7, blue: 0x5f),
        .error: .rgb(red: 0xff, green: 0x5f, blue: 0x5f),
        .success: .rgb(red: 0x5f, green: 0xd7, blue: 0x5f),
        .progressFill: .rgb(red: 0x5f, green: 0xaf, blue: 0xff),
        .progressEmpty: .rgb(red: 0x3a, green: 0x3a, blue: 0x3a),
        .shardPending: .rgb(red: 0x6c, green: 0x6c, blue: 0x6c),
        .shardLeased: .rgb(red: 0xff, green: 0xd7, blue: 0x5f),
        .shardCommitted: .rgb(red: 0x5f, green: 0xd7, blue: 0x5f),
        .shardDeadLettered: .rgb(red: 0xff, green: 0x5f, blue: 0x5f),
        .selectionForeground: .rgb(red: 0xff, green: 0xff, blue: 0xff),
        .selectionBackground: .rgb(red: 0x30, green: 0x4f, blue: 0x7f),
        .statusBarForeground: .rgb(red: 0xe4, green: 0xe4, blue: 0xe4),
        .statusBarBackground: .rgb(red: 0x26, green: 0x26, blue: 0x26),
        .background: .default,
    ])
}
