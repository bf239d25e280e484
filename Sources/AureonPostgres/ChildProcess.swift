#if canImport(Glibc)
import Glibc
#endif

/// Starting and waiting for helper programs with `posix_spawn` and `waitpid`, not Foundation's
/// Process: its exit monitoring hung when several were waited for at once from concurrent
/// tasks (the child a zombie, `waitUntilExit` never returning), and it cannot reset the
/// signal mask a live process blocks for `sigtimedwait`. Public for the live launcher
/// (`LiveCluster` in the command-line target), which starts node processes the same way.
public enum ChildProcess {
    /// Starts `command` (a path, then arguments) with the given standard descriptors and
    /// environment, default signal dispositions and an empty signal mask; returns its pid.
    /// `processGroup` puts the child in that process group (0: a new group it leads), so one
    /// `kill` can reach a whole set of children; nil leaves it in ours.
    public static func spawn(_ command: [String], stdin: Int32, stdout: Int32, environment: [String: String]? = nil,
                             processGroup: pid_t? = nil) throws(LiveError) -> pid_t {
        guard let program = command.first else { throw LiveError(.io, "no command to run") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stdout, 2)
        // Nothing else is inherited: a descriptor another thread opened without close-on-exec
        // (the write end of a Foundation pipe to some other child, say) would otherwise live on
        // in a long-lived child, and whoever reads that pipe to its end would wait for it.
        if let closeFrom = Self.closeFrom { _ = closeFrom(&actions, 3) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        if let processGroup {
            posix_spawnattr_setpgroup(&attributes, processGroup)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))
        let arguments = command.map { strdup($0) } + [nil]
        defer { for argument in arguments { free(argument) } }
        let inherited = environment == nil
        let variables = (environment ?? [:]).sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for variable in variables { free(variable) } }
        var pid: pid_t = 0
        let status = variables.withUnsafeBufferPointer { environmentPointer in
            arguments.withUnsafeBufferPointer { argumentPointer in
                posix_spawn(&pid, program, &actions, &attributes,
                            UnsafeMutablePointer(mutating: argumentPointer.baseAddress!),
                            inherited ? environ : UnsafeMutablePointer(mutating: environmentPointer.baseAddress!))
            }
        }
        guard status == 0 else { throw LiveError(.io, "cannot run \(program): \(String(cString: strerror(status)))") }
        return pid
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), looked up at run
    /// time because the Glibc module does not export it; nil where the C library lacks it.
    private static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// Waits for `pid` to end; returns its exit status (128 + the signal that ended it).
    public static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { return -1 }
        }
        return exitStatus(status)
    }

    /// The exit status of `pid` if it has ended (it is reaped then), nil while it runs or is
    /// stopped. Never blocks.
    public static func poll(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        var result = waitpid(pid, &status, WNOHANG)
        while result == -1 && errno == EINTR { result = waitpid(pid, &status, WNOHANG) }
        if result == 0 { return nil }
        return result == pid ? exitStatus(status) : -1
    }

    private static func exitStatus(_ status: Int32) -> Int32 {
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}
