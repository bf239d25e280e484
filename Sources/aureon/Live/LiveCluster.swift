import AureonPostgres
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The live launcher: a database (the one given, or a throwaway cluster of its own), one
/// `aureon coordinator` and N `aureon node` processes of this same binary, each writing its
/// standard output to a log file in a temporary directory; and the operator's hands on them —
/// kill (SIGKILL), pause (SIGSTOP, optionally for a while), resume (SIGCONT), restart (a new
/// process, which joins as the node's next incarnation), stop.
///
/// Nothing is left behind, however we end. Before any child starts, a reaper shell is
/// started as the leader of a process group of its own, with standard input a socket whose
/// other end only we hold; every child is started into that group. When our end closes —
/// `stop()`, or the kernel closing it because we died, even of SIGKILL — the reaper removes
/// the log directory and SIGKILLs its whole group (the children and itself). The group cannot
/// be reused while its leader lives, so that kill never reaches a stranger. A throwaway
/// database has its own reaper (`ThrowawayPostgres`). The children are in their own group,
/// so a terminal's Ctrl-C reaches only us: we stop them in order.
///
/// Used from one thread at a time (the command's main thread, or the console's).
final class LiveCluster {
    /// What to start.
    struct Settings {
        /// The program to run as coordinator and nodes (this binary, by default).
        var executable = LiveCluster.currentExecutable
        /// The database; nil starts a throwaway cluster (needs the PostgreSQL server programs).
        var database: DatabaseAddress?
        /// The nodes' names, in the order they start.
        var nodeNames: [String] = []
        /// Arguments every node gets after `node --db URL --name NAME`.
        var nodeArguments: [String] = []
        /// Arguments the coordinator gets after `coordinator --db URL`.
        var coordinatorArguments: [String] = []
        /// Each node reaches the database through a loopback proxy of its own, so that one
        /// node can be cut off from it (a partition) while the others go on. Needs a database
        /// on this machine.
        var partitionable = false
    }

    enum Role: Sendable, Equatable {
        case coordinator
        case node
    }

    enum State: Sendable, Equatable {
        case running
        /// SIGSTOPped; `until` is when it will be continued, if a duration was given.
        case paused(until: ContinuousClock.Instant?)
        /// Ended with this status (128 + signal when a signal ended it).
        case exited(Int32)
    }

    /// One process the cluster started, as it stands at the last `refresh()`.
    struct Member: Sendable, Equatable {
        let name: String
        let role: Role
        /// The current (or last) process's id.
        fileprivate(set) var pid: pid_t
        /// How many processes have been started under this name (1 for the first).
        fileprivate(set) var launches: Int
        fileprivate(set) var state: State
    }

    /// The name the coordinator goes by in `members` and the log directory.
    static let coordinatorName = "coordinator"
    /// How long `stop()` waits for SIGTERMed processes before it SIGKILLs them, by default.
    static let stopGrace: Duration = .seconds(10)
    /// At most this much of a log is read back (its end).
    static let logReadLimit = 1 << 20

    /// The absolute path of the running binary (what `/proc/self/exe` points to).
    static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    let address: DatabaseAddress
    /// The log directory (removed by `stop()`).
    let directory: String
    private let settings: Settings
    private var database: ThrowawayPostgres?
    private let reaper: pid_t
    private var lifeline: Int32
    private(set) var members: [Member] = []
    /// Every process started so far, restarts included.
    private(set) var processesStarted = 0
    private let clock = ContinuousClock()
    /// Each node's proxy to the database (`Settings.partitionable`), by name; kept across restarts.
    private var proxies: [String: LoopbackProxy] = [:]
    /// Partitioned nodes and when their proxy heals (nil: until `heal`).
    private(set) var partitions: [String: ContinuousClock.Instant?] = [:]

    /// Starts the database (if none is given) and brings its schema up to date, runs `prepare`
    /// (to enqueue work before any node looks), then starts the coordinator and the nodes.
    /// Throws `.input` for what the operator must fix and `.io` otherwise (a `prepare` failure
    /// as it threw it); whatever was started is stopped then.
    init(_ settings: Settings, prepare: (DatabaseAddress) throws(LiveError) -> Void = { _ throws(LiveError) in }) throws(LiveError) {
        self.settings = settings
        if let given = settings.database {
            address = given
        } else {
            guard let binaries = PostgresBinaries.locate() else {
                throw LiveError(.input, "live mode needs the PostgreSQL server programs (initdb, pg_ctl); install postgresql, or pass --db URL")
            }
            let started = try ThrowawayPostgres(binaries: binaries)
            database = started
            address = started.address
        }
        let directory: String
        do throws(LiveError) {
            let address = self.address
            try Self.migrate(address)
            try prepare(address)
            directory = try Self.makeDirectory()
        } catch {
            database?.stop()
            throw error
        }
        self.directory = directory
        do throws(LiveError) {
            (reaper, lifeline) = try Self.startReaper(directory: directory)
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            database?.stop()
            throw error
        }
        do throws(LiveError) {
            members.append(Member(name: Self.coordinatorName, role: .coordinator, pid: 0, launches: 0, state: .exited(0)))
            members += settings.nodeNames.map { Member(name: $0, role: .node, pid: 0, launches: 0, state: .exited(0)) }
            for index in members.indices { try launch(index) }
        } catch {
            stop()
            throw error
        }
    }

    deinit { stop() }

    /// The node members (the coordinator left out), in start order.
    var nodes: [Member] { members.filter { $0.role == .node } }

    /// Looks at every process: reaps those that ended, continues paused ones whose time is up.
    /// Returns the members as they now stand.
    @discardableResult
    func refresh() -> [Member] {
        let now = clock.now
        for (name, until) in partitions.sorted(by: { $0.key < $1.key }) {
            guard let until, until <= now else { continue }
            try? proxies[name]?.heal()
            partitions[name] = nil
        }
        for index in members.indices {
            switch members[index].state {
            case .exited:
                continue
            case let .paused(until?) where until <= now:
                Glibc.kill(members[index].pid, SIGCONT)
                members[index].state = .running
            default:
                break
            }
            if let status = ChildProcess.poll(members[index].pid) { members[index].state = .exited(status) }
        }
        return members
    }

    /// SIGKILLs `name` and reaps it; its leases run out (or the coordinator fences it).
    func kill(_ name: String) throws(LiveError) {
        let index = try running(name)
        Glibc.kill(members[index].pid, SIGKILL)
        members[index].state = .exited(ChildProcess.wait(members[index].pid))
    }

    /// SIGSTOPs `name`: a process pause, as a long garbage collection would be. With a
    /// duration, `refresh()` continues it once that much time has passed.
    func pause(_ name: String, for duration: Duration? = nil) throws(LiveError) {
        let index = try running(name)
        guard members[index].state == .running else { throw LiveError(.input, "\(name) is already paused") }
        Glibc.kill(members[index].pid, SIGSTOP)
        members[index].state = .paused(until: duration.map { clock.now + $0 })
    }

    /// SIGCONTs a paused `name`.
    func resume(_ name: String) throws(LiveError) {
        let index = try running(name)
        guard members[index].state != .running else { throw LiveError(.input, "\(name) is not paused") }
        Glibc.kill(members[index].pid, SIGCONT)
        members[index].state = .running
    }

    /// Cuts `name` off from the database: its connections close and new ones are refused until
    /// `heal` (or, with a duration, until `refresh()` finds that much time passed). The process
    /// runs on: it sees a lost database, as a network partition would show it.
    func partition(_ name: String, for duration: Duration? = nil) throws(LiveError) {
        _ = try running(name)
        guard let proxy = proxies[name] else { throw LiveError(.input, "\(name) does not reach the database through a proxy of ours") }
        guard partitions[name] == nil else { throw LiveError(.input, "\(name) is already partitioned") }
        proxy.cut()
        partitions[name] = .some(duration.map { clock.now + $0 })
    }

    /// Ends a partition of `name`.
    func heal(_ name: String) throws(LiveError) {
        guard let proxy = proxies[name], partitions[name] != nil else { throw LiveError(.input, "\(name) is not partitioned") }
        try proxy.heal()
        partitions[name] = nil
    }

    /// Starts `name` again after it ended (killed, or exited of itself): a new process, so a
    /// node joins as its next incarnation.
    func restart(_ name: String) throws(LiveError) {
        refresh()
        guard let index = members.firstIndex(where: { $0.name == name }) else { throw LiveError(.input, "no process named \(name)") }
        guard case .exited = members[index].state else { throw LiveError(.input, "\(name) is still running; kill it first") }
        try launch(index)
    }

    /// What `name` wrote to standard output so far (every incarnation, at most the last
    /// `logReadLimit` bytes); empty once the cluster is stopped.
    func output(of name: String) -> String {
        guard let handle = FileHandle(forReadingAtPath: "\(directory)/\(name).log") else { return "" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > UInt64(Self.logReadLimit) ? size - UInt64(Self.logReadLimit) : 0)
        return String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
    }

    /// Stops everything (`stopProcesses`, then a throwaway database). Idempotent; returns
    /// once all is gone.
    func stop(grace: Duration = LiveCluster.stopGrace) {
        stopProcesses(grace: grace)
        database?.stop()
        database = nil
    }

    /// Stops the processes, keeping the database (to read what they did): `signal` (and
    /// SIGCONT, so a paused process sees it) to every process, waits up to `grace` for them
    /// to end, SIGKILLs what is left, reaps all, removes the log directory. Idempotent.
    /// SIGTERM (the default) lets a node drain and finish its running work; SIGINT stops it
    /// at once (its leases run out), for when the operator interrupted us.
    func stopProcesses(with signal: Int32 = SIGTERM, grace: Duration = LiveCluster.stopGrace) {
        guard lifeline >= 0 else { return }
        refresh()
        // A draining node must reach the database to finish: partitions end first.
        for name in partitions.keys.sorted() { try? proxies[name]?.heal() }
        partitions.removeAll()
        for member in members where member.state.exitStatus == nil {
            Glibc.kill(member.pid, signal)
            Glibc.kill(member.pid, SIGCONT)
        }
        let deadline = clock.now + grace
        // Bounded by `grace`: polls every 20 ms until every process has ended.
        while members.contains(where: { $0.state.exitStatus == nil }) && clock.now < deadline {
            usleep(20_000)
            refresh()
        }
        for index in members.indices where members[index].state.exitStatus == nil {
            Glibc.kill(members[index].pid, SIGKILL)
            members[index].state = .exited(ChildProcess.wait(members[index].pid))
        }
        close(lifeline)
        lifeline = -1
        _ = ChildProcess.wait(reaper)
        for name in proxies.keys.sorted() { proxies[name]?.stop() }
        proxies.removeAll()
    }

    // MARK: Starting

    /// The index of `name` if its process has not ended.
    private func running(_ name: String) throws(LiveError) -> Int {
        refresh()
        guard let index = members.firstIndex(where: { $0.name == name }) else { throw LiveError(.input, "no process named \(name)") }
        guard members[index].state.exitStatus == nil else { throw LiveError(.input, "\(name) is not running") }
        return index
    }

    private func launch(_ index: Int) throws(LiveError) {
        let member = members[index]
        if member.role == .node, settings.partitionable, proxies[member.name] == nil {
            proxies[member.name] = try LoopbackProxy(forwardingTo: address)
        }
        let nodeAddress = proxies[member.name]?.address ?? address
        let command = member.role == .coordinator
            ? [settings.executable, "coordinator", "--db", address.url] + settings.coordinatorArguments
            : [settings.executable, "node", "--db", nodeAddress.url, "--name", member.name] + settings.nodeArguments
        let log = open("\(directory)/\(member.name).log", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard log >= 0 else { throw LiveError(.io, "cannot create \(directory)/\(member.name).log: \(String(cString: strerror(errno)))") }
        defer { close(log) }
        let devNull = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { if devNull >= 0 { close(devNull) } }
        let pid = try ChildProcess.spawn(command, stdin: devNull, stdout: log, processGroup: reaper)
        processesStarted += 1
        members[index].pid = pid
        members[index].launches += 1
        members[index].state = .running
    }

    /// Brings the database's schema up to date before any process uses it.
    private static func migrate(_ address: DatabaseAddress) throws(LiveError) {
        do {
            try LiveBlocking.run {
                let queue = try await LiveQueue.connect(to: address)
                do {
                    try await queue.migrate()
                } catch {
                    await queue.close()
                    throw LiveError(.io, "migrating the schema at \(address) failed: \(LiveError.reason(error))")
                }
                await queue.close()
            }
        } catch let error as LiveError {
            throw error
        } catch {
            throw LiveError(.io, LiveError.reason(error))
        }
    }

    private static func makeDirectory() throws(LiveError) -> String {
        var path = Array(NSTemporaryDirectory().appending("aureon-live-XXXXXX").utf8CString)
        guard mkdtemp(&path) != nil else { throw LiveError(.io, "cannot create a temporary directory under \(NSTemporaryDirectory())") }
        return String(decoding: path.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The reaper: leads a process group of its own, ignores the signals a terminal sends,
    /// waits for end of file on its standard input, then removes the directory and SIGKILLs
    /// its group — every child still alive, and itself.
    private static func startReaper(directory: String) throws(LiveError) -> (pid_t, Int32) {
        let script = """
            trap '' INT TERM HUP QUIT
            read -r _ || true
            rm -rf "$DIR"
            kill -KILL 0
            """
        // A close-on-exec socket pair, as ThrowawayPostgres's lifeline: our end must be held by
        // this process only, never inherited by a child started meanwhile.
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw LiveError(.io, "cannot create the launcher's lifeline")
        }
        let devNull = open("/dev/null", O_WRONLY | O_CLOEXEC)
        defer {
            close(ends[0])
            if devNull >= 0 { close(devNull) }
        }
        do throws(LiveError) {
            let pid = try ChildProcess.spawn(["/bin/sh", "-c", script, "aureon-live-reaper"], stdin: ends[0], stdout: devNull,
                                             environment: ["DIR": directory, "PATH": "/usr/bin:/bin"], processGroup: 0)
            return (pid, ends[1])
        } catch {
            close(ends[1])
            throw error
        }
    }
}

extension LiveCluster.State {
    /// The exit status once ended; nil while running or paused.
    var exitStatus: Int32? {
        if case let .exited(status) = self { return status }
        return nil
    }
}
