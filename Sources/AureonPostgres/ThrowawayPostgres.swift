import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL cluster of our own for one run: `initdb` and `pg_ctl` into a fresh temporary
/// directory, listening on a free loopback port only, with durability switched off (the data
/// is thrown away).
///
/// Nothing is left behind whatever happens to us. Before anything is created a small reaper
/// shell is started whose standard input is a socket only this process holds the other end
/// of; when that end closes — `stop()`, a thrown error, any signal, even SIGKILL, since the kernel closes it — the
/// reaper stops the server immediately and removes the directory. One cleanup path for all.
public final class ThrowawayPostgres {
    public let address: DatabaseAddress
    /// The temporary directory holding the data directory, the socket and the server log.
    public let directory: String
    /// The postmaster's process id, so tests can check it is gone (a new one after `restart()`).
    public private(set) var serverPID: Int32
    private let reaper: pid_t
    /// The `pg_ctl` command line's parts a restart repeats: who runs it, the program, the
    /// server's options (its port among them).
    private let runAs: [String]
    private let pgCtl: String
    private var options = ""
    /// Our end of the reaper's lifeline; -1 once closed.
    private var lifeline: Int32

    /// How many free ports are tried when another process takes the one we picked first.
    private static let portAttempts = 3

    /// Starts a cluster; throws `.io` naming the step that failed (nothing is left behind then).
    public init(binaries: PostgresBinaries) throws(LiveError) {
        let template = NSTemporaryDirectory().appending("aureon-pg-XXXXXX")
        var path = Array(template.utf8CString)
        guard mkdtemp(&path) != nil else { throw LiveError(.io, "cannot create a temporary directory under \(NSTemporaryDirectory())") }
        let directory = String(decoding: path.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let runAs = try Self.serverUser(owning: directory)
        let (reaper, lifeline) = try Self.startReaper(directory: directory, pgCtl: binaries.pgCtl, runAs: runAs)
        self.reaper = reaper
        self.lifeline = lifeline
        self.directory = directory
        self.runAs = runAs
        self.pgCtl = binaries.pgCtl
        do throws(LiveError) {
            let data = "\(directory)/data"
            let initdb = try CommandRunner.run(runAs + [binaries.initdb,
                "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"], log: "\(directory)/initdb.log")
            guard initdb.status == 0 else { throw LiveError(.io, "initdb failed: \(initdb.lastLine)") }
            var started: Int?
            var lastFailure = ""
            for _ in 0..<Self.portAttempts where started == nil {
                let port = try LoopbackPort.free()
                let options = "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
                let start = try CommandRunner.run(runAs + [binaries.pgCtl,
                    "-D", data, "-l", "\(directory)/server.log", "-w", "-t", "60", "-o", options, "start"], log: "\(directory)/pg_ctl.log")
                if start.status == 0 {
                    started = port
                    self.options = options
                } else {
                    lastFailure = start.lastLine
                }
            }
            guard let port = started else { throw LiveError(.io, "pg_ctl start failed: \(lastFailure)") }
            self.serverPID = try Self.postmasterPID(directory: directory)
            self.address = DatabaseAddress(host: "127.0.0.1", port: port, user: "postgres", database: "postgres")
        } catch {
            close(lifeline)
            _ = ChildProcess.wait(reaper)
            throw error
        }
    }

    deinit { stop() }

    /// Stops the server and removes the directory; returns once both are done. Idempotent.
    public func stop() {
        guard lifeline >= 0 else { return }
        close(lifeline)
        lifeline = -1
        _ = ChildProcess.wait(reaper)
    }

    /// Stops the server the way an operator restarts one (`-m fast`: every session is ended,
    /// a checkpoint written) and starts it again on the same port, the reaper's lifeline kept.
    /// Every connection is lost; new ones see the data as it was. Throws `.io` naming the step.
    public func restart() throws(LiveError) {
        guard lifeline >= 0 else { throw LiveError(.io, "the throwaway cluster was stopped; it cannot be restarted") }
        let data = "\(directory)/data"
        let stop = try CommandRunner.run(runAs + [pgCtl, "-D", data, "-m", "fast", "-w", "-t", "60", "stop"], log: "\(directory)/pg_ctl.log")
        guard stop.status == 0 else { throw LiveError(.io, "pg_ctl stop failed: \(stop.lastLine)") }
        let start = try CommandRunner.run(runAs + [pgCtl,
            "-D", data, "-l", "\(directory)/server.log", "-w", "-t", "60", "-o", options, "start"], log: "\(directory)/pg_ctl.log")
        guard start.status == 0 else { throw LiveError(.io, "pg_ctl start failed: \(start.lastLine)") }
        serverPID = try Self.postmasterPID(directory: directory)
    }

    /// The running postmaster's pid, from the first line of its pid file.
    private static func postmasterPID(directory: String) throws(LiveError) -> Int32 {
        let pidLine = (try? String(contentsOfFile: "\(directory)/data/postmaster.pid", encoding: .utf8))?.split(separator: "\n").first
        guard let pid = pidLine.flatMap({ Int32($0) }) else { throw LiveError(.io, "the started server wrote no postmaster.pid") }
        return pid
    }

    /// PostgreSQL refuses to run as root: as root the directory goes to the `postgres` user and
    /// the programs run through `runuser`; otherwise they run as we are. Returns the prefix.
    private static func serverUser(owning directory: String) throws(LiveError) -> [String] {
        guard getuid() == 0 else { return [] }
        guard let account = getpwnam("postgres") else {
            try? FileManager.default.removeItem(atPath: directory)
            throw LiveError(.io, "running as root and there is no postgres user to run the server as")
        }
        guard chown(directory, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else {
            try? FileManager.default.removeItem(atPath: directory)
            throw LiveError(.io, "cannot give \(directory) to the postgres user")
        }
        return ["/usr/sbin/runuser", "-u", "postgres", "--"]
    }

    /// The reaper: ignores the signals a terminal sends the whole group, waits for end of file on
    /// its standard input, then stops the server (if any) and removes the directory.
    private static func startReaper(directory: String, pgCtl: String, runAs: [String]) throws(LiveError) -> (pid_t, Int32) {
        let script = """
            trap '' INT TERM HUP QUIT
            read -r _ || true
            "$@" "$PGCTL" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1
            rm -rf "$DIR"
            """
        // A socket pair rather than a pipe, because it is made close-on-exec from the start:
        // another thread may be starting a child right now, and our end must die with this
        // process only. The reaper gets its end as standard input (duplicated without the flag).
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            try? FileManager.default.removeItem(atPath: directory)
            throw LiveError(.io, "cannot create the cleanup helper's lifeline")
        }
        let devNull = open("/dev/null", O_WRONLY | O_CLOEXEC)
        defer {
            close(ends[0])
            if devNull >= 0 { close(devNull) }
        }
        do throws(LiveError) {
            // In a process group of its own: a signal to ours (`kill -9 -PGID`, a job control
            // kill of a hung test run) must not take the reaper down with us, or the server
            // (which detaches from our group) would outlive everyone.
            let pid = try ChildProcess.spawn(["/bin/sh", "-c", script, "aureon-pg-reaper"] + runAs, stdin: ends[0], stdout: devNull,
                                             environment: ["PGCTL": pgCtl, "DIR": directory, "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"],
                                             processGroup: 0)
            return (pid, ends[1])
        } catch {
            close(ends[1])
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }
}
