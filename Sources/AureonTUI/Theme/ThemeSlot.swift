/// A semantic role a widget styles itself by; ``Theme/style(_:)`` turns it into a ``CellStyle``.
///
/// Widgets ask for "the selection" or "a dead node", never for "red", so a
/// theme (and monochrome fallback) can change every colour consistently.
public enum ThemeSlot: String, CaseIterable, Hashable, Sendable {
    case healthHealthy, healthDraining, healthUnresponsive, healthDead, healthKilled
    case accent, border, borderFocused, title, text, muted
    case warning, error, success
    case progressFill, progressEmpty
    case shardPending, shardLeased, shardCommitted, shardDeadLettered
    case selection, statusBar, background

    /// The theme colour used as foreground (for ``background``, the background itself).
    var foregroundKey: ThemeColorKey {
        switch self {
        case .healthHealthy: return .healthHealthy
        case .healthDraining: return .healthDraining
        case .healthUnresponsive: return .healthUnresponsive
        case .healthDead: return .healthDead
        case .healthKilled: return .healthKilled
        case .accent: return .accent
        case .border: return .border
        case .borderFocused: return .borderFocused
        case .title: return .title
        case .text, .background: return .text
        case .muted: return .muted
        case .warning: return .warning
        case .error: return .error
        case .success: return .success
        case .progressFill: return .progressFill
        case .progressEmpty: return .progressEmpty
        case .shardPending: return .shardPending
        case .shardLeased: return .shardLeased
        case .shardCommitted: return .shardCommitted
        case .shardDeadLettered: return .shardDeadLettered
        case .selection: return .selectionForeground
        case .statusBar: return .statusBarForeground
        }
    }

    /// The theme colour used as background: its own for selection and status bar, else the pane background.
    var backgroundKey: ThemeColorKey {
        switch self {
        case .selection: return .selectionBackground
        case .statusBar: return .statusBarBackground
        default: return .background
        }
    }

    /// Attributes that carry this slot's meaning when there is no colour (monochrome, `NO_COLOR`).
    ///
    /// Chosen so the distinctions an operator acts on survive: what is selected
    /// (reverse), what is broken (bold, underlined for errors), what is
    /// secondary (dim), which pane has focus (bold border).
    public var emphasisWithoutColor: TextAttributes {
        switch self {
        case .selection, .statusBar: return .reverse
        case .error: return [.bold, .underline]
        case .healthDead, .healthKilled, .warning, .shardDeadLettered: return .bold
        case .healthUnresponsive: return .underline
        case .borderFocused, .title, .accent: return .bold
        case .muted, .progressEmpty, .shardPending, .healthDraining: return .dim
        default: return []
        }
    }
}
