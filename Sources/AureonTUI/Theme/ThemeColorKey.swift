/// A colour a theme file defines; the raw value is its snake_case key in YAML.
///
/// Two-colour slots (selection, status bar) have separate `_fg`/`_bg` keys so
/// every line of a theme file is one colour, which keeps errors pointable.
public enum ThemeColorKey: String, CaseIterable, Hashable, Sendable {
    case healthHealthy = "health_healthy"
    case healthDraining = "health_draining"
    case healthUnresponsive = "health_unresponsive"
    case healthDead = "health_dead"
    case healthKilled = "health_killed"
    case accent
    case border
    case borderFocused = "border_focused"
    case title
    case text
    case muted
    case warning
    case error
    case success
    case progressFill = "progress_fill"
    case progressEmpty = "progress_empty"
    case shardPending = "shard_pending"
    case shardLeased = "shard_leased"
    case shardCommitted = "shard_committed"
    case shardDeadLettered = "shard_dead_lettered"
    case selectionForeground = "selection_fg"
    case selectionBackground = "selection_bg"
    case statusBarForeground = "status_bar_fg"
    case statusBarBackground = "status_bar_bg"
    /// The pane background; `default` keeps the terminal's own (and its transparency).
    case background

    /// Keys a theme file may omit; everything else is required.
    public static let optionalKeys: Set<ThemeColorKey> = [.background]
}
