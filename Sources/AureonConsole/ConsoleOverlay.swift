import AureonCluster
import AureonTUI

/// The modal layer above the panes: at most one at a time, and it gets every key first.
enum ConsoleOverlay: Sendable {
    case none
    /// A confirmation with its preview; `choice` starts at `.no`. The simulation holds still
    /// while it is open, so what it lists is what `y` does.
    case confirm(ActionPreview, choice: ConfirmDialog.Choice)
    case schedule(ScheduleForm)
    case help(scrollOffset: Int)
    /// A one-line filter being typed in the message row.
    case prompt(FilterTarget, TextField)
    /// The `:` command line, with the history position being browsed (nil: a fresh line).
    case command(TextField, historyIndex: Int?)
    /// The branch list (`B`), with the row selected.
    case branches(selected: Int)
    /// Two branches side by side: the current one and the one picked in the list.
    case compare(current: String, other: String)

    /// Whether the simulation waits while this is open: destructive dialogs and forms do, so
    /// the preview cannot go stale behind them (see README, "Dialogs").
    var holdsSimulation: Bool {
        switch self {
        case .confirm, .schedule, .branches, .compare: true
        case .none, .help, .prompt, .command: false
        }
    }
}

/// Which list a `/`-style prompt filters.
enum FilterTarget: Sendable {
    case nodes, events

    var prompt: String {
        switch self {
        case .nodes: "filter nodes (regex on name, health, faults; ! inverts): "
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
    /// "unbound key — ? for help" goes sooner: it answers a stray key.
    static let shortDisplayTime: Duration = .seconds(2)
}
