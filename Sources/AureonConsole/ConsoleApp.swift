import AureonCluster
import AureonEngine
import AureonScenario
import AureonTUI

/// The console as a state machine, with no terminal and no clock of its own (Elm style).
///
/// Input arrives as ``handle(_:)``, wall time as ``tick(wallElapsed:)``, and
/// ``render(into:)`` draws the current state into a ``CellBuffer``. The run
/// loop (``ConsoleRunLoop``) feeds it from a real terminal; tests feed it keys
/// and explicit durations and read the buffer back as text. Every operator
/// action goes through ``ClusterSimulation/perform(_:)`` so it is recorded.
public final class ConsoleApp {
    public let simulation: ClusterSimulation
    public internal(set) var settings: ConsoleSettings
    public internal(set) var pacer: SimulationPacer
    var commitRates: CommitRateHistory

    var focus: Pane = .nodes
    var nodeTable = TableState(selected: 0)
    var leaseTable = TableState(selected: nil)
    /// Index into `simulation.runs` of the run whose shard map is shown.
    var runSelection = 0
    /// The shard of the selected run whose owner is shown under the map.
    var shardSelection = 0
    /// Lines the event log is scrolled back from the newest.
    var eventScrollBack = 0
    /// First run shown in the runs list (kept so the selection stays in view).
    var runsListOffset = 0
    var helpScroll = 0
    /// The node whose detail screen is open (Enter), nil on the main view.
    var detailNode: NodeID?
    var overlay: ConsoleOverlay = .none
    var nodeFilter = ""
    var eventFilter = ""
    var notice: Notice?
    /// The caption being shown and the wall time it stays up.
    var captionShown: (time: VirtualTime, remaining: Duration)?
    /// Screen areas of the last frame, for mouse hit-testing.
    var hitAreas = HitAreas()

    /// Who ran what, when, for the timeline view (`v`), fed from the event stream each tick.
    var timeline: ExecutionTimeline
    var showsTimeline = false
    /// Set when playing a recording back: the player applies the recorded actions, the
    /// operator only watches (pause, step, speed).
    public let player: RecordingPlayer?
    var isReplay: Bool { player != nil }

    public private(set) var shouldQuit = false
    /// Set by anything that changes what is on screen; the run loop draws only then.
    public internal(set) var needsRedraw = true

    /// How long a caption stays on screen, in wall time, whatever the speed.
    static let captionDisplayTime: Duration = .seconds(8)

    public convenience init(simulation: ClusterSimulation, settings: ConsoleSettings) {
        self.init(simulation: simulation, settings: settings, player: nil)
    }

    /// Plays `player`'s recording back visibly.
    public convenience init(replaying player: RecordingPlayer, settings: ConsoleSettings) {
        self.init(simulation: player.simulation, settings: settings, player: player)
    }

    private init(simulation: ClusterSimulation, settings: ConsoleSettings, player: RecordingPlayer?) {
        self.simulation = simulation
        self.player = player
        timeline = ExecutionTimeline(nodeCount: simulation.configuration.nodeCount)
        self.settings = settings
        pacer = SimulationPacer(speed: settings.speed, isPaused: settings.startsPaused, eventBudget: settings.eventBudgetPerFrame)
        commitRates = CommitRateHistory(speed: pacer.speed, now: simulation.now, commits: simulation.counters.commits)
    }

    /// Whether the loop should wake up soon (running, or something on screen is timing out)
    /// or may sleep until input arrives: paused and idle costs next to no CPU.
    public var isAnimating: Bool {
        !pacer.isPaused || pacer.isBehind || notice != nil || captionShown != nil
    }

    /// Advances the simulation by `wallElapsed × speed` (within the frame's event budget)
    /// and ages on-screen notices.
    public func tick(wallElapsed: Duration) {
        let eventsBefore = simulation.counters.eventsProcessed
        let timeBefore = simulation.now
        let wasBehind = pacer.isBehind
        pacer.advance(
            simulation, wall: wallElapsed,
            boundary: { [self] time in commitRates.boundary(after: time) },
            observe: { [self] simulation in commitRates.observe(now: simulation.now, commits: simulation.counters.commits) },
            step: player.map { player in { time, budget in player.advance(to: time, maxEvents: budget) } }
        )
        if simulation.counters.eventsProcessed != eventsBefore || simulation.now != timeBefore || wasBehind != pacer.isBehind {
            needsRedraw = true
            timeline.ingest(simulation.events)
        }
        if let player, player.isFinished, !pacer.isPaused {
            pacer.isPaused = true
            pacer.clearLag()
            let replayed = simulation.traceHash.hexDigest
            show(replayed == player.recording.traceHash ? "replay finished: trace hash \(replayed) matches the recording"
                     : "replay finished: the trace hashes differ (recorded \(player.recording.traceHash), replayed \(replayed))",
                 replayed == player.recording.traceHash ? .info : .error)
        }
        if var current = notice {
            current.remaining -= wallElapsed
            notice = current.remaining > .zero ? current : nil
            if notice == nil { needsRedraw = true }
        }
        ageCaption(by: wallElapsed)
    }

    private func ageCaption(by wall: Duration) {
        if let caption = simulation.caption, caption.time != captionShown?.time,
           simulation.now - caption.time < .seconds(60) {
            captionShown = (caption.time, Self.captionDisplayTime)
            needsRedraw = true
            return
        }
        guard let shown = captionShown, shown.remaining > .zero else { return }
        let remaining = shown.remaining - wall
        captionShown = (shown.time, max(.zero, remaining))
        if remaining <= .zero { needsRedraw = true }
    }

    func show(_ text: String, _ level: Notice.Level = .info) {
        notice = Notice(text: text, level: level, remaining: Notice.displayTime)
        needsRedraw = true
    }

    func quit() {
        shouldQuit = true
    }

    // MARK: nodes as listed (filter applied)

    /// The nodes the table lists: all of them, or those matching the `/` filter.
    var listedNodes: NodeList {
        let query = nodeFilter.trimmingWhitespaceAndLowercasing()
        guard !query.isEmpty else { return NodeList(count: simulation.nodes.count, indices: nil) }
        // Bounded by the node count; run per frame only while a filter is set.
        let matches = simulation.nodes.indices.filter { index in
            simulation.nodes[index].name.contains(query) || simulation.displayedHealth(of: index).name.hasPrefix(query)
        }
        return NodeList(count: matches.count, indices: matches)
    }

    /// The node actions apply to: the open detail node, else the selected row.
    var targetNode: NodeID? {
        if let detailNode { return detailNode }
        guard let row = nodeTable.selected else { return nil }
        let list = listedNodes
        guard row >= 0, row < list.count else { return nil }
        return NodeID(list[row])
    }
}

/// Row positions → node indices for the nodes table, without materialising 100 000 indices
/// when no filter is set.
struct NodeList {
    let count: Int
    let indices: [Int]?

    subscript(row: Int) -> Int { indices?[row] ?? row }

    func position(of node: Int) -> Int? {
        guard let indices else { return node < count ? node : nil }
        return indices.firstIndex(of: node)
    }
}

/// Where the panes were drawn in the last frame, so a click can be mapped to a row.
struct HitAreas {
    var nodesTable: Rect = .zero
    var runsList: Rect = .zero
    var panes: [(Pane, Rect)] = []
}

extension String {
    func trimmingWhitespaceAndLowercasing() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return self[start...end].lowercased()
    }
}
