import AureonCluster
import AureonEngine
import AureonTUI

/// What one frame shows, worked out once before any pane draws: the figures several panes
/// share (health counts, faults in force, badges, the listed nodes) and the look. Panes read
/// it and their own UI state; none of them reaches back into the ``ConsoleApp``.
///
/// It keeps a reference to the simulation for the rows drawn on demand (a 100 000-node table
/// reads only its visible rows), and only ever reads through it.
struct ConsoleViewModel {
    let simulation: ClusterSimulation
    let feed: ConsoleEventFeed
    let theme: Theme
    let glyphs: GlyphSet
    let keymap: Keymap
    let now: VirtualTime
    /// Nodes by displayed health, indexed by `DisplayedHealth.rawValue`.
    let healthCounts: [Int]
    /// Every fault in force (computed once per update, from the nodes that have one).
    let faults: [ActiveFault]
    /// Fault badges by node index (lookups only).
    let badges: [Int: FaultBadges]
    /// The nodes the table lists, in table order (filter and sort applied in the update step).
    let listed: NodeList
    let isReplay: Bool
    /// The status bar's theme label: the theme's name, or why there is none.
    let themeLabel: String
    /// True while a destructive dialog holds the simulation still.
    let isHeldByDialog: Bool
    /// Where the history shown stands (nil in a replay, which has no time machine).
    let history: HistoryStatus?

    var naming: NodeNaming { simulation.naming }

    func health(of index: Int) -> DisplayedHealth { simulation.displayedHealth(of: index) }
}

/// What the status bar says about time travel: in the past, how far back and on which branch.
struct HistoryStatus {
    let isInPast: Bool
    /// The branch's furthest point.
    let present: VirtualTime
    let branch: String
    let branchCount: Int
}

extension ConsoleApp {
    /// The frame's view-model: the health counts and faults come from the update step, which
    /// keeps them from the nodes that changed (``NodeAggregates``); nothing here walks the nodes.
    func makeViewModel() -> ConsoleViewModel {
        ConsoleViewModel(
            simulation: simulation, feed: feed, theme: settings.theme, glyphs: settings.glyphs, keymap: settings.keymap,
            now: simulation.now, healthCounts: aggregates.healthCounts, faults: faults, badges: faultBadges, listed: listedNodes,
            isReplay: isReplay, themeLabel: settings.colorsDisabled ? "none (NO_COLOR)" : settings.themeName,
            isHeldByDialog: overlay.holdsSimulation,
            history: machine.map { HistoryStatus(isInPast: $0.isInPast, present: $0.branch.end.time, branch: $0.currentBranch,
                                                 branchCount: $0.tree.branches.count) })
    }
}
