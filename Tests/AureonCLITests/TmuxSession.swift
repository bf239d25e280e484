import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The built `aureon` console running in a private tmux server, for end-to-end tests.
///
/// Each session has its own socket (`tmux -L`), so tests never touch the
/// user's tmux or each other; `close()` kills the server. The console runs
/// under `sh -c` which records its exit status in a file and then waits, so
/// the pane (and its screen) survives the exit for inspection.
final class TmuxSession {
    let socket = "aureon-test-\(UUID().uuidString.prefix(8))"
    /// Looks (50 ms apart) for the pane's shell to end after the server is killed: 5 s at most.
    static let shellExitPolls = 100
    let target = "console"
    let statusFile: URL
    /// The server's socket file: tmux leaves it behind when the server is killed, so `close()` removes it.
    private(set) var socketPath: String?
    private var closed = false

    /// Starts `aureon ARGUMENTS` in a `width`×`height` pane with TERM=tmux-256color and LANG=C.UTF-8.
    init(_ arguments: [String], width: Int = 120, height: Int = 40, environment: [String: String] = [:]) throws {
        statusFile = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket).status")
        let command = ([CLI.binary.path] + arguments).map(Self.quote).joined(separator: " ")
        // The shell traps SIGINT (a trap, unlike an ignore, is not inherited) so Ctrl-C reaches
        // only the console and the shell lives on to record its status.
        // TERM is set by tmux for the pane whatever `-e` says, so a test's TERM is exported here.
        let term = environment["TERM"].map { "export TERM=\(Self.quote($0)); " } ?? ""
        let script = "trap true INT; \(term)\(command); echo $? > \(Self.quote(statusFile.path)); sleep 600"
        var options = ["-f", "/dev/null", "new-session", "-d", "-s", target, "-x", "\(width)", "-y", "\(height)",
                       "-c", CLI.repositoryRoot.path, "-e", "TERM=tmux-256color", "-e", "LANG=C.UTF-8"]
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) { options += ["-e", "\(key)=\(value)"] }
        try tmux(options + ["sh", "-c", script])
        try tmux(["set-option", "-t", target, "status", "off"])
        socketPath = try tmux(["display-message", "-p", "#{socket_path}"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    deinit { close() }

    /// Stops the console if it still runs, then kills the private tmux server.
    func close() {
        guard !closed else { return }
        closed = true
        let shell = try? tmux(["display-message", "-p", "-t", target, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        if let pid = try? consoleProcessID() { kill(pid, SIGTERM) }
        _ = try? tmux(["kill-server"])
        // The pane's shell may still be writing the status file of a console that just ended:
        // wait (bounded) for it to be gone before removing the file, or it could come back.
        if let shell, let pid = pid_t(shell) {
            for _ in 0..<Self.shellExitPolls where kill(pid, 0) == 0 { Thread.sleep(forTimeInterval: 0.05) }
        }
        try? FileManager.default.removeItem(at: statusFile)
        if let socketPath, !socketPath.isEmpty { unlink(socketPath) }
    }

    /// Closes the terminal under the console (kills the tmux server), as closing a window would.
    func hangUp() throws {
        try tmux(["kill-server"])
    }

    /// Sends tmux key names (`"d"`, `"Enter"`, `"Escape"`, `"Space"`, `"Tab"`), one at a time.
    func send(_ keys: String...) throws {
        for key in keys { try tmux(["send-keys", "-t", target, key]) }
    }

    /// Types `text` literally.
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", target, "-l", text])
    }

    /// The pane's text; with `escapes`, including the SGR escapes tmux would paint.
    func screen(escapes: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-t", target] + (escapes ? ["-e"] : []))
    }

    /// Polls the screen every 100 ms until `predicate` holds or `timeout` passes; the last screen
    /// is returned either way so a failing test can print what it saw.
    @discardableResult
    func waitFor(_ description: String, timeout: Duration = .seconds(15), _ predicate: (String) -> Bool) throws -> (ok: Bool, screen: String) {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var last = ""
        while clock.now < deadline {
            last = try screen()
            if predicate(last) { return (true, last) }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return (false, "waiting for \(description); screen was:\n\(last)")
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", target, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Whether the pane is on the alternate screen (ncurses is active).
    func alternateScreenIsOn() throws -> Bool {
        try tmux(["display-message", "-p", "-t", target, "#{alternate_on}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    /// Whether the pane shows its cursor (ncurses hides it while running).
    func cursorIsVisible() throws -> Bool {
        try tmux(["display-message", "-p", "-t", target, "#{cursor_flag}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    /// The console's exit status once it has exited, polling up to `timeout`.
    func exitStatus(timeout: Duration = .seconds(10)) -> Int32? {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if let text = try? String(contentsOf: statusFile, encoding: .utf8),
               let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return status
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return nil
    }

    /// The pane's terminal device (`/dev/pts/N`), e.g. for `stty -a -F`.
    func paneTTY() throws -> String {
        try tmux(["display-message", "-p", "-t", target, "#{pane_tty}"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The console's process id: the child of the pane's shell.
    func consoleProcessID() throws -> pid_t? {
        let shell = try tmux(["display-message", "-p", "-t", target, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let children = try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        return children?.split(separator: " ").first.flatMap { pid_t($0) }
    }

    /// Runs one tmux client command on the private socket and returns its standard output.
    ///
    /// posix_spawn and waitpid rather than `Process`: the client of `new-session` forks the
    /// server, and Foundation's child monitoring was seen to never reap that client, hanging the test.
    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket)-\(UUID().uuidString.prefix(8)).out")
        defer { try? FileManager.default.removeItem(at: output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // The test runner's threads block most signals, and the mask (like ignored signals) is
        // inherited: the server could then never act on `kill-server` (it signals itself) nor its
        // panes on a hang-up. The client starts with an empty mask and default handlers.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGHUP, SIGINT, SIGTERM, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var environment = ProcessInfo.processInfo.environment
        environment["TMUX"] = nil
        // `swift test` runs tests with NO_COLOR=1; the console gets it only when a test asks (`-e`).
        environment["NO_COLOR"] = nil
        let argv = ["tmux", "-L", socket] + arguments
        let envp = environment.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let status = withCStrings(argv) { argvPointers in
            withCStrings(envp) { envPointers in
                posix_spawnp(&pid, "tmux", &actions, &attributes, argvPointers, envPointers)
            }
        }
        guard status == 0 else { throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EINVAL) }
        var exitStatus: Int32 = 0
        while waitpid(pid, &exitStatus, 0) == -1 && errno == EINTR {}
        return (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    }

    private func withCStrings<Result>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Result) -> Result {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeMutableBufferPointer { body(UnsafePointer($0.baseAddress!)) }
    }

    private static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
