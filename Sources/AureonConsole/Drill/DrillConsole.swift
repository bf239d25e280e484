import AureonCluster
import AureonEngine
import AureonTraining
import AureonTUI

/// A drill in the console: the briefing, then the live console (a DRILL badge with the
/// countdown, the objectives panel, `h` for a hint), then the debrief. It wraps a plain
/// ``ConsoleApp`` and adds only what a drill needs; every key it does not take is the console's.
public final class DrillConsole: ConsoleLoopClient {
    public enum Phase: Sendable, Equatable { case briefing, live, debrief }

    public let app: ConsoleApp
    public let session: DrillSession
    /// `--instructor`: hidden injects shown, `i` fires the next one early, fault keys are the instructor's.
    public let isInstructor: Bool
    public private(set) var phase: Phase = .briefing
    private var quits = false
    /// The drill ended by its own keys, or the console's (ctrl-c) ended it.
    public var shouldQuit: Bool { quits || app.shouldQuit }
    public private(set) var needsRedraw = true
    /// What the command did with the finished attempt (recording, database), for the debrief.
    public private(set) var saveReport: [String] = []
    /// Lines scrolled in the briefing or the debrief.
    var scroll = 0
    private let onFinish: (DrillVerdict) -> [String]
    private var announcedInjects: Set<Int> = []
    private var announcedHints = 0

    /// `onFinish` keeps the attempt (the command's adapters do the I/O) and says where it went.
    /// The session's simulation must send its events to `feed` too (``DrillSession``'s `eventSink`).
    public init(session: DrillSession, feed: ConsoleEventFeed, settings: ConsoleSettings, instructor: Bool,
                onFinish: @escaping (DrillVerdict) -> [String]) {
        self.session = session
        isInstructor = instructor
        self.onFinish = onFinish
        app = ConsoleApp(simulation: session.simulation, feed: feed, settings: settings)
    }

    public var isAnimating: Bool { phase == .live && app.isAnimating }
    public var screenSize: TerminalSize { app.screenSize }
    public func resize(width: Int, height: Int) {
        needsRedraw = true
        app.resize(width: width, height: height)
    }

    public func handle(_ event: InputEvent) {
        needsRedraw = true
        switch phase {
        case .briefing: handleBriefing(event)
        case .live: handleLive(event)
        case .debrief: handleDebrief(event)
        }
    }

    private func handleBriefing(_ event: InputEvent) {
        guard case let .key(key) = event else { return }
        switch key {
        case .enter, .character(" "):
            phase = .live
            scroll = 0
            app.needsRedraw = true
        case .character("q"), .escape: quits = true
        case .down, .character("j"): scroll += 1
        case .up, .character("k"): scroll = max(0, scroll - 1)
        default: break
        }
    }

    private func handleLive(_ event: InputEvent) {
        guard case let .key(key) = event, case .none = app.overlay else {
            app.handle(event)
            return
        }
        let action = app.settings.keymap.action(for: key).flatMap(ConsoleAction.init(rawValue:))
        switch (key, action) {
        case (.character("h"), _):
            if let text = session.releaseHint() {
                announcedHints = session.tracker.hintsUsed.count
                app.show("hint: \(text)", .info)
            } else {
                app.show("no hints left", .warning)
            }
        case (.character("i"), _) where isInstructor:
            if let name = session.fireNextInject() { app.show("instructor fired \(name)", .warning) } else { app.show("no inject left", .warning) }
        case (_, .quit?):
            session.stop()
            finish()
        case (_, let fault?) where isInstructor && [.partition, .slow, .flaky, .chaos].contains(fault):
            // The next action is the instructor's, not the trainee's (the tracker reads the mark).
            let before = session.simulation.performedActions.count
            try? session.simulation.perform(.say(HintText.instructorMark(fault.rawValue)))
            app.handle(event)
            if session.simulation.performedActions.count == before + 1 { app.show("instructor: nothing to \(fault.rawValue) here", .warning) }
        default:
            app.handle(event)
        }
    }

    private func handleDebrief(_ event: InputEvent) {
        guard case let .key(key) = event else { return }
        switch key {
        case .character("q"), .escape, .enter: quits = true
        case .down, .character("j"): scroll += 1
        case .up, .character("k"): scroll = max(0, scroll - 1)
        case .pageDown: scroll += 10
        case .pageUp: scroll = max(0, scroll - 10)
        default: break
        }
    }

    public func tick(wallElapsed: Duration) {
        guard phase == .live else { return }
        app.tick(wallElapsed: wallElapsed)
        session.evaluate()
        announce()
        if session.isFinished { finish() }
        if app.needsRedraw { needsRedraw = true }
    }

    /// Pages of injects that went off and hints that came by themselves, as notices.
    private func announce() {
        for (index, inject) in session.drill.injects.enumerated() where session.tracker.injectsFired[index] != nil && !announcedInjects.contains(index) {
            announcedInjects.insert(index)
            if let page = inject.page { app.show("PAGE: \(page)", .warning) }
        }
        let hints = session.tracker.hintsUsed
        if hints.count > announcedHints {
            announcedHints = hints.count
            app.show("hint: \(session.drill.hints[hints[hints.count - 1]].text)", .info)
        }
    }

    private func finish() {
        guard phase == .live, let verdict = session.verdict else { return }
        phase = .debrief
        scroll = 0
        app.pacer.isPaused = true
        saveReport = onFinish(verdict)
        needsRedraw = true
    }

    public func render(into buffer: inout CellBuffer) {
        needsRedraw = false
        switch phase {
        case .briefing: renderBriefing(into: &buffer)
        case .live:
            app.render(into: &buffer)
            renderDrillOverlay(into: &buffer)
        case .debrief: renderDebrief(into: &buffer)
        }
        if !app.settings.glyphs.isUnicode { ASCIIFallback.apply(to: &buffer) }
    }

    /// A fresh frame (tests, captures).
    public func frame(width: Int, height: Int) -> CellBuffer {
        var buffer = CellBuffer(width: width, height: height)
        render(into: &buffer)
        return buffer
    }
}
