import ArgumentParser
import AureonCluster
import AureonConsole
import AureonEngine
import AureonPostgres
import AureonScenario
import AureonStore
import AureonTUI
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Set by the SIGHUP handler: a plain global, because a handler may only do an async-signal-safe store.
nonisolated(unsafe) private var hangupReceived: sig_atomic_t = 0

private func recordHangup(_ signal: Int32) {
    hangupReceived = 1
}

/// `aureon console` (and plain `aureon`): the ncurses dashboard over a live simulation.
///
/// Everything that can be wrong with the input (flags, scenario, theme, key
/// file) is checked before the terminal is touched, so a mistake is one line
/// on a normal screen with exit status 2, and nothing is half-applied.
struct ConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Open the operations console on a live simulated cluster (the default command)."
    )

    @OptionGroup var cluster: ClusterFlags
    @OptionGroup var look: ConsoleLookFlags
    @Option(name: .long, help: "Write a recording of the session on exit, every branch included (`aureon replay FILE --branch NAME`).")
    var record: String?
    @Option(name: .customLong("keyframe-memory"), help: "Memory the time machine's keyframes may hold (default 256MiB).")
    var keyframeMemory: String?
    @Option(name: .long, help: "Play a recording back visibly (pause, step and speed still work).")
    var replay: String?
    @Flag(name: .long, help: "Presenter mode: each caption holds the simulation until → / space / enter.")
    var present = false
    @Option(name: .long, help: "With --present, move on after this much wall time per caption (e.g. 20s).")
    var dwell: String?
    @Option(name: .long, help: "Attach to a running live cluster: its database, postgres://user@host:port/database.")
    var live: String?

    func run() throws {
        var settings = try look.makeSettings()
        if let live {
            guard cluster.scenario == nil, record == nil, replay == nil, !present, keyframeMemory == nil else {
                throw InputError("--live watches a real cluster: drop --scenario, --record, --replay, --present and --keyframe-memory")
            }
            let interrupted = try LiveConsoleSession.run(address: try DatabaseAddress(url: live), settings: settings, launcher: nil)
            try Self.exitIfSignalled()
            if interrupted { throw ExitCode(128 + SIGINT) }
            return
        }
        if let keyframeMemory {
            settings.keyframeMemory = try ByteSizeFlag.parse(keyframeMemory, flag: "--keyframe-memory", range: (1 << 20)...(64 << 30))
        }
        let app: ConsoleApp
        if let replay {
            guard cluster.scenario == nil, record == nil, !present, keyframeMemory == nil else {
                throw InputError("--replay plays a recording alone: drop --scenario, --record, --present and --keyframe-memory")
            }
            let recording = try RecordingReader.load(path: replay)
            let feed = ConsoleEventFeed(nodeCount: recording.configuration.nodeCount)
            app = ConsoleApp(replaying: try RecordingPlayer(recording: recording, eventSink: feed.sink()), feed: feed, settings: settings)
        } else {
            let scenario = try makeScenario()
            if present {
                guard cluster.scenario != nil else { throw InputError("--present needs a scenario with captions (--scenario FILE or `aureon demo NAME`)") }
                settings.presenter = PresenterSettings(name: scenario.name.replacingOccurrences(of: ".yaml", with: ""),
                                                       captionCount: scenario.captionCount, dwell: try dwellDuration())
            } else if dwell != nil {
                throw InputError("--dwell only applies with --present")
            }
            let feed = ConsoleEventFeed(nodeCount: scenario.configuration.nodeCount)
            app = ConsoleApp(simulation: try scenario.makeSimulation(eventSink: feed.sink()), feed: feed, settings: settings,
                             keepsDefaultWorkloadFlowing: cluster.scenario == nil)
        }
        try Self.checkTerminal()
        // Opened now, so an unwritable path fails before the terminal is touched; written however
        // the console ends (quit, signal, hang-up): the session is the point.
        let recordFile = try record.map { try OutputFlag.open($0, flag: "--record") }
        try Self.drive(app)
        if let recordFile {
            let name = cluster.scenario.map { ($0 as NSString).lastPathComponent } ?? "console"
            let recording = app.machine.map { Recording(scenarioName: name, configuration: app.simulation.configuration, tree: $0.tree) }
                ?? Recording(scenarioName: name, simulation: app.simulation)
            recordFile.write(recording.text)
            try recordFile.commit()
        }
        try Self.exitIfSignalled()
        if app.wasInterrupted { throw ExitCode(128 + SIGINT) }
    }

    /// Runs `client` in the terminal until it quits or a signal ends it; the terminal is
    /// restored either way. Shared with `aureon drill NAME`; call ``exitIfSignalled()`` after.
    static func drive(_ client: any ConsoleLoopClient) throws {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            // Raw mode, so ctrl-q, ctrl-s and ctrl-c arrive as keys (ctrl-c quits by default).
            try NcursesBackend.withTerminal(options: NcursesBackend.Options(rawMode: true)) { terminal in
                // A closed terminal (window closed, tmux server killed) sends SIGHUP; without a
                // handler the console could outlive its terminal, polling a dead tty.
                signal(SIGHUP, recordHangup)
                defer { signal(SIGHUP, SIG_DFL) }
                ConsoleRunLoop(app: client, terminal: terminal, now: { start.duration(to: clock.now) },
                               shouldStop: { NcursesBackend.terminationRequested || hangupReceived != 0 }).run()
            }
        } catch let error as TerminalError {
            throw InputError("cannot open the terminal: \(error.description)")
        }
    }

    /// Refused before anything is drawn or created: the screen stays as it was.
    static func checkTerminal() throws(InputError) {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw InputError("the console needs a terminal on stdin and stdout; for headless runs use `aureon simulate`")
        }
        if let problem = NcursesBackend.terminalProblem(environment: ProcessInfo.processInfo.environment) { throw InputError(problem) }
    }

    /// A signal ended the console: exit as the shell expects (128 + the signal).
    static func exitIfSignalled() throws {
        if let signal = NcursesBackend.terminationSignal { throw ExitCode(128 + signal) }
        if hangupReceived != 0 { throw ExitCode(128 + SIGHUP) }
    }

    private func makeScenario() throws(InputError) -> Scenario {
        var scenario = try cluster.settings.baseScenario(defaultNodes: ConsoleDefaults.nodeCount, defaultConcurrency: ConsoleDefaults.concurrency)
        if cluster.scenario == nil {
            scenario.configuration = ConsoleDefaults.configuration(from: scenario.configuration)
            scenario.runs = [ScheduledRun(at: .zero, spec: ConsoleDefaults.firstRun())]
        }
        return scenario
    }

    /// Wall time per caption: the duration syntax of scenario files, read as wall seconds.
    private func dwellDuration() throws(InputError) -> Duration? {
        guard let dwell else { return nil }
        guard let virtual = DurationFormat.parse(dwell), virtual > .zero else {
            throw InputError("--dwell must be a duration such as 20s (got '\(dwell)')")
        }
        return .microseconds(virtual.microseconds)
    }
}

extension Scenario {
    /// The captions (`say` actions) a presenter will step through.
    var captionCount: Int {
        actions.reduce(0) { count, action in
            if case .say = action.kind { return count + 1 }
            return count
        }
    }
}
