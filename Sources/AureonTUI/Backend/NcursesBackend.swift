import CNcurses
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Signal state lives in plain globals: a signal handler may only do an
// async-signal-safe store, so there is no lock, no allocation and no lazy
// initialisation here (trivially initialised globals are static in Swift).
nonisolated(unsafe) private var pendingTerminationSignal: Int32 = 0
nonisolated(unsafe) private var screenIsActive = false
nonisolated(unsafe) private var exitHookInstalled = false

private func recordTerminationSignal(_ signo: Int32) {
    pendingTerminationSignal = signo
}

// What a crash handler needs, prepared before the screen is taken over: the bytes that put
// the terminal back (leave the alternate screen, show the cursor, plain attributes, keypad and
// mouse off), the terminal modes from before ncurses changed them, and the dispositions the
// handlers replaced. Raw pointers, allocated once and never freed, so the handler only reads.
nonisolated(unsafe) private var crashResetBytes: UnsafeMutablePointer<UInt8>?
nonisolated(unsafe) private var crashResetCount = 0
nonisolated(unsafe) private var crashOutputDescriptor: Int32 = -1
nonisolated(unsafe) private var crashInputDescriptor: Int32 = -1
nonisolated(unsafe) private var savedTerminalModes: UnsafeMutablePointer<termios>?
nonisolated(unsafe) private var previousCrashActions: UnsafeMutablePointer<sigaction>?
nonisolated(unsafe) private var crashHandlersInstalled = false

/// Signals that end the process with a report (the Swift runtime's backtrace, or a core dump).
private let crashSignals: [Int32] = [SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP]
/// Room for the reset sequence: the few terminfo strings in it are far shorter.
private let crashResetCapacity = 256
/// Signal numbers below this index the saved dispositions.
private let signalTableSize: Int32 = 65

/// Async-signal-safe: only write(2), tcsetattr(3), sigaction(2) and raise(3), and the handler
/// this one replaced. The terminal is put back first, so what prints next lands on a normal
/// screen; then the replaced handler runs (the Swift runtime's crash report), and the default
/// action ends the process: a fault returns, re-runs the instruction and faults again; a
/// signal sent by kill is raised again (delivered when this handler returns).
///
/// Why not simply hand over to the runtime's handler: for a signal sent by kill (SIGQUIT,
/// SIGABRT from another process) it prints its report and returns, and the console would carry
/// on drawing over the restored screen.
private func restoreTerminalAndPassOn(_ signo: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?) {
    if let bytes = crashResetBytes, crashOutputDescriptor >= 0 {
        var offset = 0
        while offset < crashResetCount {
            let written = write(crashOutputDescriptor, bytes + offset, crashResetCount - offset)
            if written <= 0 { break }
            offset += written
        }
    }
    if let modes = savedTerminalModes, crashInputDescriptor >= 0 { tcsetattr(crashInputDescriptor, TCSANOW, modes) }
    if let previous = previousCrashActions, signo >= 0, signo < signalTableSize {
        aureon_call_signal_action(previous + Int(signo), signo, info, context)
    }
    _ = aureon_reset_signal_handler(signo)
    if aureon_signal_is_a_fault(info) == 0 { raise(signo) }
}

/// Failures opening the terminal.
public struct TerminalError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// The ncurses terminal backend: the only type in Aureon that touches ncurses.
///
/// Lifecycle: create it (or use ``withTerminal(options:_:)``), draw frames,
/// poll input, and call ``restore()`` — which is idempotent and also runs from
/// `deinit` and from an `atexit` hook, so the terminal comes back even when the
/// app exits early. SIGINT and SIGTERM set ``terminationRequested`` instead of
/// killing the process; the app polls it each loop, restores and exits.
///
/// Colours: pairs are allocated on demand and cached; when the terminal's
/// `COLOR_PAIRS` run out, further styles fall back to the default pair (text and
/// attributes stay right, only colour is lost). Truecolor is painted through
/// the 256-colour palette, as plain ncurses cannot emit 24-bit colour.
///
/// Only one instance may be open at a time: ncurses has one global screen.
public final class NcursesBackend: TerminalBackend {
    /// How to open the terminal.
    public struct Options: Sendable {
        /// Raw mode: Ctrl-C and Ctrl-Z arrive as keys (`ctrl-c`) instead of signals.
        /// Off by default, so Ctrl-C reaches the SIGINT handler and ``terminationRequested``.
        public var rawMode: Bool
        public var enableMouse: Bool
        /// How long ncurses waits after ESC for the rest of an escape sequence.
        public var escapeDelayMilliseconds: Int
        /// Environment used for colour decisions (`NO_COLOR`, `COLORTERM`) and `TERM`.
        public var environment: [String: String]
        /// Overrides `TERM` from `environment`.
        public var terminalType: String?
        /// Overrides the detected colour capability (e.g. a `--color` flag).
        public var colorCapability: ColorCapability?
        public var inputFileDescriptor: Int32
        public var outputFileDescriptor: Int32
        /// Install SIGINT/SIGTERM handlers that set ``terminationRequested``.
        public var installSignalHandlers: Bool

        public init(
            rawMode: Bool = false,
            enableMouse: Bool = true,
            escapeDelayMilliseconds: Int = 25,
            environment: [String: String] = ProcessInfo.processInfo.environment,
            terminalType: String? = nil,
            colorCapability: ColorCapability? = nil,
            inputFileDescriptor: Int32 = STDIN_FILENO,
            outputFileDescriptor: Int32 = STDOUT_FILENO,
            installSignalHandlers: Bool = true
        ) {
            self.rawMode = rawMode
            self.enableMouse = enableMouse
            self.escapeDelayMilliseconds = escapeDelayMilliseconds
            self.environment = environment
            self.terminalType = terminalType
            self.colorCapability = colorCapability
            self.inputFileDescriptor = inputFileDescriptor
            self.outputFileDescriptor = outputFileDescriptor
            self.installSignalHandlers = installSignalHandlers
        }
    }

    /// Why the terminal named by `TERM` in `environment` cannot draw the console, or nil if it
    /// can: unset, `dumb`, unknown to terminfo, or without cursor addressing. Reads the terminfo
    /// entry only, so a refusal leaves the screen untouched.
    public static func terminalProblem(environment: [String: String]) -> String? {
        guard let term = environment["TERM"], !term.isEmpty else {
            return "TERM is not set: the console needs a terminal with cursor addressing (e.g. TERM=xterm-256color)"
        }
        if term == "dumb" { return "TERM=dumb cannot draw the console (no cursor addressing); use a real terminal or `aureon simulate`" }
        switch aureon_terminal_can_address(term) {
        case 1: return nil
        case 0: return "TERM=\(term) has no cursor addressing, so the console cannot draw; use a real terminal or `aureon simulate`"
        default: return "TERM=\(term) is not a terminal type terminfo knows; set TERM to your terminal's (e.g. xterm-256color)"
        }
    }

    /// True after SIGINT or SIGTERM arrived; the app should restore and exit.
    public static var terminationRequested: Bool { pendingTerminationSignal != 0 }

    /// The signal that requested termination, if any (for the exit status 128 + signo).
    public static var terminationSignal: Int32? {
        pendingTerminationSignal == 0 ? nil : pendingTerminationSignal
    }

    /// Forgets a termination request, e.g. after the app asked "really quit?".
    public static func clearTerminationRequest() {
        pendingTerminationSignal = 0
    }

    public let colorCapability: ColorCapability
    private let options: Options
    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private let inputFile: UnsafeMutablePointer<FILE>
    private let outputFile: UnsafeMutablePointer<FILE>
    private let resolver: StyleResolver
    private let usesDefaultColors: Bool
    private let paletteSize: Int
    private let maximumPairs: Int
    private var pairCache: [PairKey: Int16] = [:]
    private var nextPair: Int = 1
    private var lastFrame: CellBuffer?
    private var isRestored = false

    /// Statistics for diagnostics: cells painted by the last draw.
    public private(set) var lastPaintedCount = 0

    private struct PairKey: Hashable {
        var foreground: Int16
        var background: Int16
    }

    /// Opens the terminal. Throws if another backend is open or ncurses cannot start
    /// (unknown `TERM`, no terminal); never exits the process the way `initscr` would.
    public init(options: Options = Options()) throws {
        guard !screenIsActive else { throw TerminalError("a terminal backend is already open") }
        self.options = options
        setlocale(LC_ALL, "")
        if options.installSignalHandlers { Self.saveTerminalModes(input: options.inputFileDescriptor) }

        let term = options.terminalType ?? options.environment["TERM"] ?? ProcessInfo.processInfo.environment["TERM"] ?? "xterm"
        guard let output = fdopen(dup(options.outputFileDescriptor), "w") else {
            throw TerminalError("cannot open terminal output")
        }
        guard let input = fdopen(dup(options.inputFileDescriptor), "r") else {
            fclose(output)
            throw TerminalError("cannot open terminal input")
        }
        // newterm, unlike initscr, reports failure instead of exiting.
        guard let screen = newterm(term, output, input) else {
            fclose(output)
            fclose(input)
            throw TerminalError("cannot initialise terminal type '\(term)'")
        }
        _ = set_term(screen)
        guard let window = aureon_stdscr() else {
            endwin()
            delscreen(screen)
            fclose(output)
            fclose(input)
            throw TerminalError("ncurses gave no standard screen")
        }
        self.screen = screen
        self.window = window
        self.inputFile = input
        self.outputFile = output
        screenIsActive = true
        if !exitHookInstalled {
            exitHookInstalled = true
            atexit {
                if screenIsActive { endwin() }
            }
        }

        if options.rawMode { raw() } else { cbreak() }
        noecho()
        nonl()
        keypad(window, true)
        intrflush(window, false)
        curs_set(0)
        _ = aureon_set_escdelay(Int32(clamping: options.escapeDelayMilliseconds))
        if options.enableMouse {
            let mask = aureon_button1_pressed() | aureon_button1_clicked() | aureon_button4_pressed() | aureon_button5_pressed()
            mousemask(mmask_t(mask), nil)
            mouseinterval(0)
        }

        let detected: ColorCapability
        if let forced = options.colorCapability {
            detected = forced
        } else {
            var colors = 0
            if has_colors() && !(options.environment["NO_COLOR"].map { !$0.isEmpty } ?? false) {
                start_color()
                colors = Int(aureon_colors())
            }
            detected = ColorCapability.detect(environment: options.environment, terminalColors: colors)
        }
        if detected != .none && options.colorCapability != nil && has_colors() { start_color() }
        var usesDefault = false
        if detected != .none && has_colors() {
            usesDefault = use_default_colors() == aureon_ok()
        }
        let palette = has_colors() ? Int(aureon_colors()) : 0
        // Painting happens through ncurses' palette, so never more than 256 colours here.
        var effective = min(detected, .indexed256)
        if palette < 256 && effective == .indexed256 { effective = palette >= 8 ? .ansi8 : .none }
        if palette < 8 { effective = .none }
        self.colorCapability = effective
        self.resolver = StyleResolver(capability: effective)
        self.usesDefaultColors = usesDefault
        self.paletteSize = palette
        self.maximumPairs = min(Int(aureon_color_pairs()), Int(Int16.max))

        if options.installSignalHandlers {
            _ = aureon_install_signal_handler(SIGINT, recordTerminationSignal)
            _ = aureon_install_signal_handler(SIGTERM, recordTerminationSignal)
            Self.installCrashHandlers(output: options.outputFileDescriptor, mouse: options.enableMouse)
        }
        wclear(window)
    }

    deinit {
        restore()
    }

    /// Opens the terminal, runs `body`, and restores the terminal however `body` ends
    /// (return or throw). The recommended entry point for the app.
    public static func withTerminal<Result>(
        options: Options = Options(),
        _ body: (NcursesBackend) throws -> Result
    ) throws -> Result {
        let backend = try NcursesBackend(options: options)
        defer { backend.restore() }
        return try body(backend)
    }

    // MARK: crash signals

    /// The terminal modes from before ncurses (echo, canonical input), for a crash handler.
    private static func saveTerminalModes(input: Int32) {
        if savedTerminalModes == nil { savedTerminalModes = .allocate(capacity: 1) }
        guard let modes = savedTerminalModes else { return }
        crashInputDescriptor = tcgetattr(input, modes) == 0 ? input : -1
    }

    /// Installs the crash handlers, after computing the reset sequence from terminfo (so the
    /// handler writes bytes and never asks ncurses anything).
    private static func installCrashHandlers(output: Int32, mouse: Bool) {
        var reset: [UInt8] = []
        for capability in ["rmcup", "cnorm", "sgr0", "rmkx"] {
            if let value = aureon_terminfo_string(capability) { reset += Array(String(cString: value).utf8) }
        }
        // ncurses turns xterm mouse reporting on when the terminal describes a mouse (kmous).
        if mouse, aureon_terminfo_string("kmous") != nil { reset += Array("\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1006l".utf8) }
        if crashResetBytes == nil { crashResetBytes = .allocate(capacity: crashResetCapacity) }
        if previousCrashActions == nil {
            previousCrashActions = .allocate(capacity: Int(signalTableSize))
            previousCrashActions?.initialize(repeating: sigaction(), count: Int(signalTableSize))
        }
        guard let bytes = crashResetBytes, let previous = previousCrashActions else { return }
        crashResetCount = min(reset.count, crashResetCapacity)
        for index in 0..<crashResetCount { bytes[index] = reset[index] }
        crashOutputDescriptor = output
        for signo in crashSignals {
            _ = aureon_install_crash_handler(signo, restoreTerminalAndPassOn, previous + Int(signo))
            // A signal the parent chose to ignore stays ignored: it ends nothing, so there is nothing to restore.
            if aureon_signal_action_ignores(previous + Int(signo)) != 0 { _ = aureon_restore_signal_action(signo, previous + Int(signo)) }
        }
        crashHandlersInstalled = true
    }

    /// Puts back the dispositions the crash handlers replaced (the terminal is normal again).
    private static func removeCrashHandlers() {
        guard crashHandlersInstalled, let previous = previousCrashActions else { return }
        crashHandlersInstalled = false
        for signo in crashSignals { _ = aureon_restore_signal_action(signo, previous + Int(signo)) }
        crashOutputDescriptor = -1
        crashInputDescriptor = -1
    }

    public var size: TerminalSize {
        guard !isRestored else { return TerminalSize(width: 0, height: 0) }
        var rows: Int32 = 0
        var cols: Int32 = 0
        aureon_getmaxyx(window, &rows, &cols)
        return TerminalSize(width: Int(cols), height: Int(rows))
    }

    public func invalidate() {
        lastFrame = nil
    }

    public func draw(_ buffer: CellBuffer) {
        guard !isRestored else { return }
        let current = size
        if current.width != buffer.width || current.height != buffer.height {
            // The screen and the frame disagree (a resize raced the frame): repaint all next time.
            lastFrame = nil
        }
        let changes = buffer.diff(from: lastFrame)
        if lastFrame == nil { werase(window) }
        var painted = 0
        for change in changes where !change.cell.isContinuation {
            guard change.x < current.width, change.y < current.height else { continue }
            // A wide grapheme in the last column would wrap; paint a space instead.
            var cell = change.cell
            if DisplayWidth.of(cell.character) == 2 && change.x + 1 >= current.width { cell.character = " " }
            paint(cell, x: change.x, y: change.y)
            painted += 1
        }
        lastPaintedCount = painted
        lastFrame = buffer
        wnoutrefresh(window)
        doupdate()
    }

    private func paint(_ cell: Cell, x: Int, y: Int) {
        let style = resolver.resolve(cell.style)
        var attributes = aureon_a_normal()
        if style.attributes.contains(.bold) { attributes |= aureon_a_bold() }
        if style.attributes.contains(.dim) { attributes |= aureon_a_dim() }
        if style.attributes.contains(.reverse) { attributes |= aureon_a_reverse() }
        if style.attributes.contains(.underline) { attributes |= aureon_a_underline() }
        let pair = pairNumber(foreground: style.foreground, background: style.background)
        var scalars: [wchar_t] = cell.character.unicodeScalars.prefix(4).map { wchar_t(bitPattern: $0.value) }
        scalars.append(0)
        var cchar = cchar_t()
        _ = scalars.withUnsafeBufferPointer { pointer in
            setcchar(&cchar, pointer.baseAddress, attributes, pair, nil)
        }
        _ = mvwadd_wch(window, Int32(y), Int32(x), &cchar)
    }

    /// The ncurses colour number for a resolved colour (-1 = terminal default).
    private func colorNumber(_ color: TerminalColor, isForeground: Bool) -> Int16 {
        let number: Int
        switch color {
        case .default:
            if usesDefaultColors { return -1 }
            return isForeground ? 7 : 0
        case .ansi(let n): number = Int(n)
        case .indexed(let n): number = Int(n)
        case let .rgb(r, g, b): number = Int(ColorPalette.nearestIndex(red: r, green: g, blue: b))
        }
        if number < paletteSize { return Int16(number) }
        if case .ansi(let n) = ColorPalette.degrade(.indexed(UInt8(clamping: number)), to: .ansi8) { return Int16(n) }
        return isForeground ? 7 : 0
    }

    /// The colour pair for fg/bg, allocating and caching it; 0 when colours are off or pairs ran out.
    private func pairNumber(foreground: TerminalColor, background: TerminalColor) -> Int16 {
        guard colorCapability != .none else { return 0 }
        if foreground == .default && background == .default && usesDefaultColors { return 0 }
        let key = PairKey(foreground: colorNumber(foreground, isForeground: true),
                          background: colorNumber(background, isForeground: false))
        if let cached = pairCache[key] { return cached }
        guard nextPair < maximumPairs else { return 0 }
        let pair = Int16(nextPair)
        guard init_pair(pair, key.foreground, key.background) == aureon_ok() else { return 0 }
        nextPair += 1
        pairCache[key] = pair
        return pair
    }

    public func pollInput(timeoutMilliseconds: Int) -> InputEvent? {
        guard !isRestored else { return nil }
        wtimeout(window, Int32(clamping: max(0, timeoutMilliseconds)))
        var code: wint_t = 0
        let result = wget_wch(window, &code)
        if result == aureon_err() { return nil }  // Timeout, or interrupted by a signal.
        if result == aureon_key_code_yes() {
            return functionKeyEvent(Int32(bitPattern: UInt32(code)))
        }
        guard let scalar = Unicode.Scalar(UInt32(code)) else { return nil }
        return .key(Key(normalizing: Character(scalar)))
    }

    private func functionKeyEvent(_ code: Int32) -> InputEvent? {
        switch code {
        case aureon_key_resize():
            lastFrame = nil
            let now = size
            return .resize(width: now.width, height: now.height)
        case aureon_key_mouse():
            return mouseEvent()
        case aureon_key_up(): return .key(.up)
        case aureon_key_down(): return .key(.down)
        case aureon_key_left(): return .key(.left)
        case aureon_key_right(): return .key(.right)
        case aureon_key_home(): return .key(.home)
        case aureon_key_end(): return .key(.end)
        case aureon_key_ppage(): return .key(.pageUp)
        case aureon_key_npage(): return .key(.pageDown)
        case aureon_key_enter(): return .key(.enter)
        case aureon_key_backspace(): return .key(.backspace)
        case aureon_key_dc(): return .key(.delete)
        case aureon_key_btab(): return .key(.backTab)
        default:
            let f0 = aureon_key_f0()
            if code > f0 && code <= f0 + 63 { return .key(.function(Int(code - f0))) }
            return nil
        }
    }

    private func mouseEvent() -> InputEvent? {
        var event = MEVENT()
        guard getmouse(&event) == aureon_ok() else { return nil }
        let state = event.bstate
        let x = Int(event.x), y = Int(event.y)
        if state & aureon_button4_pressed() != 0 { return .mouse(MouseEvent(.wheelUp, x: x, y: y)) }
        if state & aureon_button5_pressed() != 0 { return .mouse(MouseEvent(.wheelDown, x: x, y: y)) }
        if state & (aureon_button1_pressed() | aureon_button1_clicked()) != 0 {
            return .mouse(MouseEvent(.click, x: x, y: y))
        }
        return nil
    }

    public func restore() {
        guard !isRestored else { return }
        isRestored = true
        if options.installSignalHandlers {
            _ = aureon_reset_signal_handler(SIGINT)
            _ = aureon_reset_signal_handler(SIGTERM)
            Self.removeCrashHandlers()
        }
        curs_set(1)
        endwin()
        delscreen(screen)
        fclose(outputFile)
        fclose(inputFile)
        screenIsActive = false
    }
}
