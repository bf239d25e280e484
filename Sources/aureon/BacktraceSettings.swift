#if canImport(Glibc)
import Glibc
#endif

/// The Swift runtime's crash reporter must never wait for a key: by default, on a terminal, it
/// stops at "Press space to interact, D to debug, or any other key to quit" for 30 s, with the
/// console's screen still half-restored around it.
///
/// The runtime reads `SWIFT_BACKTRACE` once, in a static initialiser before `main`, and then
/// write-protects its settings, so setting the variable from inside the process is too late.
/// The process therefore re-executes itself once, with `interactive=no` added, at the very
/// start of `main` (before anything can crash or be printed); a value the user set that already
/// says `interactive=` is left alone, and the added value stops a second re-exec. The runtime
/// only prompts when standard input and output are both terminals, so only then is the re-exec
/// (about 30 ms of start-up) paid: pipelines, tests and benchmarks start once.
enum BacktraceSettings {
    static let variable = "SWIFT_BACKTRACE"
    static let nonInteractive = "interactive=no"

    static func ensureNonInteractive() {
        #if os(Linux)
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return }
        let current = getenv(variable).map { String(cString: $0) }
        if let current, current.contains("interactive=") { return }
        let value = current.map { $0.isEmpty ? nonInteractive : $0 + "," + nonInteractive } ?? nonInteractive
        guard setenv(variable, value, 1) == 0 else { return }
        // On success execv does not return; if it fails, carry on (children still get the setting).
        _ = execv("/proc/self/exe", CommandLine.unsafeArgv)
        #endif
    }
}
