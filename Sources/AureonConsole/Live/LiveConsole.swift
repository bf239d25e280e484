import AureonCluster
import AureonPostgres
import AureonTUI

/// The console over a live cluster (`aureon live`, `aureon console --live URL`): the same look,
/// keymap and status bar as the simulated console, fed by a ``LiveClusterLink`` instead of a
/// simulation. The wall clock rules: the time keys say so and do nothing. Drain and resume go
/// through the control table; kill and pause signal the node processes this console started
/// (a remote node gets a kill request it obeys by exiting).
public final class LiveConsole: ConsoleLoopClient {
    public let link: any LiveClusterLink
    public let launcher: (any LiveNodeLauncher)?
    /// Where the cluster is, for the status bar (no password).
    public let location: String
    public internal(set) var settings: ConsoleSettings

    var cluster = LiveClusterView()
    var focus = Focus.nodes
    var nodeTable = TableState(selected: 0)
    /// Lines the event log is scrolled back from the newest.
    var eventScrollBack = 0
    var helpScroll = 0
    var overlay = Overlay.none
    var notice: Notice?
    /// Nodes frozen with SIGSTOP and the wall time until their SIGCONT.
    var frozen: [String: Duration] = [:]
    /// Nodes cut off from the database and the wall time until the partition heals.
    var partitioned: [String: Duration] = [:]

    public private(set) var shouldQuit = false
    /// Ctrl-C arrived: the command exits 128 + SIGINT.
    public internal(set) var wasInterrupted = false
    public internal(set) var needsRedraw = true
    public internal(set) var screenSize = ConsoleSettings.minimumSize

    enum Focus: CaseIterable { case nodes, events }

    enum Overlay: Equatable {
        case none
        case help
        /// Kill `node`? y confirms.
        case confirmKill(node: String)
        /// How long to freeze `node`, being typed.
        case pauseFor(node: String, field: TextField)
        /// How long to cut `node` off from the database, being typed.
        case partitionFor(node: String, field: TextField)
    }

    /// Pausing a node: the default and the longest freeze, in wall seconds.
    static let defaultFreezeSeconds = 20
    static let freezeSecondsRange = 1...600
    /// The answer to every key that moves virtual time.
    static let wallClockRules = "live: the wall clock rules"
    /// Keys whose action has no meaning against real processes.
    static let timeActions: Set<ConsoleAction> = [
        .pause, .step, .faster, .slower, .jumpBack, .jumpForward, .previousNotable, .nextNotable, .branches, .causality,
        .timeline, .panBack, .panForward, .zoomIn, .zoomOut, .nextCaption, .previousCaption,
    ]

    public init(link: any LiveClusterLink, launcher: (any LiveNodeLauncher)?, location: String, settings: ConsoleSettings) {
        self.link = link
        self.launcher = launcher
        self.location = location
        self.settings = settings
    }

    /// The wall clock always moves (heartbeat ages, the next read): the loop keeps its frame rate.
    public var isAnimating: Bool { true }

    public func resize(width: Int, height: Int) {
        screenSize = TerminalSize(width: width, height: height)
        needsRedraw = true
    }

    /// Takes the watch's updates in and ages notices and freezes.
    public func tick(wallElapsed: Duration) {
        for update in link.takeUpdates() {
            needsRedraw = true
            if let said = cluster.apply(update) { show(said.text, said.isProblem ? .error : .info) }
        }
        for (node, remaining) in partitioned.sorted(by: { $0.key < $1.key }) {
            let left = remaining - wallElapsed
            if left > .zero {
                partitioned[node] = left
            } else {
                partitioned[node] = nil
                show(launcher?.send(.heal, to: node) == true ? "\(node) reaches the database again (partition healed)" : "\(node) is gone: nothing to heal",
                     .info)
            }
        }
        for (node, remaining) in frozen.sorted(by: { $0.key < $1.key }) {
            let left = remaining - wallElapsed
            if left > .zero {
                frozen[node] = left
            } else {
                frozen[node] = nil
                show(launcher?.send(.resume, to: node) == true ? "\(node) continued (SIGCONT)" : "\(node) is gone: nothing to continue",
                     .info)
            }
        }
        if var current = notice {
            current.remaining -= wallElapsed
            notice = current.remaining > .zero ? current : nil
            if notice == nil { needsRedraw = true }
        }
        clampSelection()
    }

    /// Quitting continues every frozen node and heals every partition first, so none is left
    /// stopped or cut off behind us.
    func quit() {
        for node in partitioned.keys.sorted() { _ = launcher?.send(.heal, to: node) }
        partitioned.removeAll()
        for node in frozen.keys.sorted() { _ = launcher?.send(.resume, to: node) }
        frozen.removeAll()
        shouldQuit = true
    }

    func show(_ text: String, _ level: Notice.Level = .info) {
        notice = Notice(text: text, level: level, remaining: Notice.displayTime)
        needsRedraw = true
    }

    /// The node the keys act on: the selected row.
    var selectedNode: LiveNodeRow? {
        guard let row = nodeTable.selected, cluster.nodes.indices.contains(row) else { return nil }
        return cluster.nodes[row]
    }

    func clampSelection() {
        let count = cluster.nodes.count
        if count == 0 {
            nodeTable.selected = nil
        } else {
            nodeTable.selected = min(max(0, nodeTable.selected ?? 0), count - 1)
        }
        eventScrollBack = min(eventScrollBack, max(0, cluster.events.count - 1))
    }
}
