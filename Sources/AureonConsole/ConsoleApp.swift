import AureonCluster
import AureonEngine
import AureonScenario
import AureonTUI

/// The console as a state machine, with no terminal and no clock of its own (Elm style).
///
/// Input arrives as ``handle(_:)``, wall time as ``tick(wallElapsed:)``; both end in the
/// update step's ``settle()``, which clamps every selection and scroll offset against the
/// layout of the current screen size. ``render(into:)`` then builds a ``ConsoleViewModel``
/// once and draws the panes from it and their UI state; nothing it calls writes the app.
/// Every operator action goes through ``ClusterSimulation/perform(_:)`` so it is recorded.
public final class ConsoleApp {
    public let simulation: ClusterSimulation
    public let feed: ConsoleEventFeed
    public internal(set) var settings: ConsoleSettings
    public internal(set) var pacer: SimulationPacer
    var commitRates: CommitRateHistory
    /// Keeps the embedded default cluster busy (nil for scenarios and replays).
    var workload: DefaultWorkload?
    /// Presenter mode: captions wait for a key (nil otherwise).
    var presenter: PresenterState?

    /// The terminal size the update step lays out for (the run loop reports changes).
    public internal(set) var screenSize = ConsoleSettings.minimumSize

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
    var nodeFilter = NodeFilter.none
    var eventFilter = ""
    var nodeSort = NodeSort()
    /// Marked node indices (`m`); bulk actions apply to them in node order.
    var marks: Set<Int> = []
    /// The node the table's selection is on, kept across re-sorting and filtering.
    var selectedNode: Int? = 0
    /// The nodes as listed, refreshed by the update step.
    var listedNodes = NodeList(count: 0, indices: nil)
    var notice: Notice?
    /// Health counts and the nodes with faults, kept from the nodes events name.
    var aggregates: NodeAggregates
    /// Faults in force and their badges by node, as of the last update.
    var faults: [ActiveFault] = []
    var faultBadges: [Int: FaultBadges] = [:]
    /// The caption being shown and the wall time it stays up.
    var captionShown: (time: VirtualTime, remaining: Duration)?
    /// Captions said so far, newest last (the caption box shows the last few).
    var captionHistory: [String] = []
    /// Command-line history (`:`), oldest first.
    var commandHistory: [String] = []

    var showsTimeline = false
    var timelineWindow = ConsoleApp.defaultTimelineWindow
    var timelinePanBack = VirtualDuration.zero

    /// Set when playing a recording back: the player applies the recorded actions, the
    /// operator only watches (pause, step, speed).
    public let player: RecordingPlayer?
    var isReplay: Bool { player != nil }
    /// Drives the simulation when not replaying: jumps, branches, and the recorded future.
    public let machine: TimeMachine?
    /// The notable moments of the branches not being shown (the feed holds the current one's).
    var notableByBranch: [String: NotableMoments] = [:]
    /// Work lost on each branch as far as it got (the feed's figure is the current moment's).
    var workLostByBranch: [String: VirtualDuration] = [:]
    /// The timeline scrubber's cursor (nil: not scrubbing).
    var scrubCursor: VirtualTime?
    /// Causality analysis running (or finished) over the timeline (`:explore`, `A`).
    var causality: ConsoleCausality?
    /// Set by a fork, added to the next notice (the action's own).
    var forkNote: String?

    public private(set) var shouldQuit = false
    /// Ctrl-C arrived (as a key: the terminal is in raw mode). The command exits 128 + SIGINT,
    /// as if the signal had come, so scripts see an interrupt and not a quit.
    public internal(set) var wasInterrupted = false
    /// Set by anything that changes what is on screen; the run loop draws only then.
    public internal(set) var needsRedraw = true

    /// How long a caption stays on screen, in wall time, whatever the speed.
    static let captionDisplayTime: Duration = .seconds(8)
    /// Captions kept for the caption box.
    static let captionHistoryLimit = 32
    static let commandHistoryLimit = 100
    /// Virtual time across the timeline at first: long enough to see a lease expire and its shard resume.
    static let defaultTimelineWindow = VirtualDuration.minutes(4)

    /// A console over `simulation`, whose event sink must be `feed`'s (so every event reaches it).
    public convenience init(simulation: ClusterSimulation, feed: ConsoleEventFeed, settings: ConsoleSettings,
                            keepsDefaultWorkloadFlowing: Bool = false) {
        self.init(simulation: simulation, feed: feed, settings: settings, player: nil)
        if keepsDefaultWorkloadFlowing { workload = DefaultWorkload() }
    }

    /// Plays `player`'s recording back visibly; the player's event sink must be `feed`'s.
    public convenience init(replaying player: RecordingPlayer, feed: ConsoleEventFeed, settings: ConsoleSettings) {
        self.init(simulation: player.simulation, feed: feed, settings: settings, player: player)
    }

    private init(simulation: ClusterSimulation, feed: ConsoleEventFeed, settings: ConsoleSettings, player: RecordingPlayer?) {
        self.simulation = simulation
        self.feed = feed
        self.player = player
        if player == nil {
            let machine = TimeMachine(simulation: simulation, memoryCap: settings.keyframeMemory, attach: { [feed] in feed.derivedState() })
            machine.onRestore = { [feed] keyframe in
                if let state = keyframe.attachment as? ConsoleEventFeed.DerivedState { feed.restore(state) }
            }
            self.machine = machine
        } else {
            machine = nil
        }
        self.settings = settings
        // Nodes named before the console existed are covered by the first full pass.
        _ = feed.takeTouchedNodes()
        aggregates = NodeAggregates(simulation: simulation)
        pacer = SimulationPacer(speed: settings.speed, isPaused: settings.startsPaused, eventBudget: settings.eventBudgetPerFrame)
        commitRates = CommitRateHistory(speed: pacer.speed, now: simulation.now, commits: simulation.counters.commits)
        if let presenting = settings.presenter { presenter = PresenterState(settings: presenting) }
        settle()
    }

    /// Whether the loop should wake up soon (running, or something on screen is timing out)
    /// or may sleep until input arrives: paused and idle costs next to no CPU.
    public var isAnimating: Bool {
        (!pacer.isPaused && !overlay.holdsSimulation && !(presenter?.isWaiting ?? false))
            || pacer.isBehind || notice != nil || (causality.map { !$0.isFinished } ?? false) || (presenter == nil && captionShown != nil) || (presenter?.dwellRemaining != nil)
    }

    /// Tells the update step the terminal's size (the next frame is drawn at it).
    public func resize(width: Int, height: Int) {
        screenSize = TerminalSize(width: width, height: height)
        needsRedraw = true
        settle()
    }

    /// Advances the simulation by `wallElapsed × speed` (within the frame's event budget)
    /// and ages on-screen notices. A destructive dialog holds the simulation still, and so
    /// does a presenter caption waiting for its key.
    public func tick(wallElapsed: Duration) {
        let eventsBefore = simulation.counters.eventsProcessed
        let timeBefore = simulation.now
        let wasBehind = pacer.isBehind
        presenter?.age(by: wallElapsed)
        if !overlay.holdsSimulation && !(presenter?.isWaiting ?? false) {
            pacer.advance(
                simulation, wall: wallElapsed,
                boundary: { [self] time in
                    var stop = commitRates.boundary(after: time)
                    if let arrival = workload?.nextCheck { stop = min(stop, max(arrival, time)) }
                    return stop
                },
                observe: { [self] simulation in
                    commitRates.observe(now: simulation.now, commits: simulation.counters.commits)
                    if !(machine?.isInPast ?? false) { workload?.feed(simulation) { [self] action in try? performAction(action) } }
                },
                step: player.map { player in { time, budget in player.advance(to: time, maxEvents: budget) } }
                    ?? machine.map { machine in { time, budget in machine.advance(to: time, maxEvents: budget) } },
                shouldStop: { [self] _ in presenter?.catchCaption(simulation) ?? false }
            )
        }
        if simulation.counters.eventsProcessed != eventsBefore || simulation.now != timeBefore || wasBehind != pacer.isBehind {
            needsRedraw = true
        }
        advanceCausality()
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
        settle()
    }

    private func ageCaption(by wall: Duration) {
        if let caption = simulation.caption, caption.time != captionShown?.time, simulation.now - caption.time < .seconds(60) {
            captionShown = (caption.time, Self.captionDisplayTime)
            captionHistory.append(caption.text)
            if captionHistory.count > Self.captionHistoryLimit { captionHistory.removeFirst() }
            needsRedraw = true
            return
        }
        // In presenter mode a caption stays until the presenter moves on.
        guard presenter == nil, let shown = captionShown, shown.remaining > .zero else { return }
        let remaining = shown.remaining - wall
        captionShown = (shown.time, max(.zero, remaining))
        if remaining <= .zero { needsRedraw = true }
    }

    func show(_ text: String, _ level: Notice.Level = .info) {
        let fork = forkNote.map { "; \($0)" } ?? ""
        forkNote = nil
        notice = Notice(text: text + fork, level: level, remaining: Notice.displayTime)
        needsRedraw = true
    }

    func quit() {
        shouldQuit = true
    }

    /// The layout of the current screen size.
    var layout: ConsoleLayout {
        ConsoleLayout(width: screenSize.width, height: screenSize.height, nameWidth: max(4, simulation.naming.digits + 5),
                      concurrency: simulation.configuration.concurrency, faultCount: faults.count)
    }

    /// The node actions apply to: the open detail node, else the selected row.
    var targetNode: NodeID? {
        if let detailNode { return detailNode }
        guard let row = nodeTable.selected, row >= 0, row < listedNodes.count else { return nil }
        return NodeID(listedNodes[row])
    }
}

/// Row positions → node indices for the nodes table, without materialising 100 000 indices
/// when no filter or sort is set.
struct NodeList: Sendable {
    let count: Int
    let indices: [Int]?

    subscript(row: Int) -> Int { indices?[row] ?? row }

    func position(of node: Int) -> Int? {
        guard let indices else { return node < count ? node : nil }
        return indices.firstIndex(of: node)
    }
}
