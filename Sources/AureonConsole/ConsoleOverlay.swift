import AureonTUI

/// The modal layer above the panes: at most one at a time, and it gets every key first.
enum ConsoleOverlay: Sendable {
    case none
    /// The kill confirmation with its preview; `choice` starts at `.no`.
    case confirmKill(KillPreview, choice: ConfirmDialog.Choice)
    case schedule(ScheduleForm)
    case help(scrollOffset: Int)
    /// A one-line filter being typed in the message row.
    case prompt(FilterTarget, TextField)
}

/// Which list a `/`-style prompt filters.
enum FilterTarget: Sendable {
    case nodes, events

    var prompt: String {
        switch self {
        case .nodes: "filter nodes (name or health): "
        case .events: "filter events (kind or node, space-separated): "
        }
    }
}

/// The panes Tab moves between, in order.
enum Pane: Int, CaseIterable, Sendable {
    case nodes, runs, leases, events
}

/// A transient line in the message row: what an action did, or why it was refused.
struct Notice: Sendable {
    enum Level: Sendable { case info, warning, error }

    var text: String
    var level: Level
    /// Wall time left on screen.
    var remaining: Duration

    static let displayTime: Duration = .seconds(5)
}
