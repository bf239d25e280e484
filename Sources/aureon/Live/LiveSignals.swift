#if canImport(Glibc)
import Glibc
#endif

/// How a live process learns that the operator wants it to stop: SIGINT, SIGTERM and SIGHUP
/// are blocked in every thread (so none kills the process in the middle of a write) and taken
/// synchronously with `sigtimedwait`, so no handler ever runs in signal context.
enum LiveSignals {
    static let stopping: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    private static var stoppingSet: sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in stopping { sigaddset(&set, signal) }
        return set
    }

    /// Blocks the stopping signals. Call first, before any thread starts: threads inherit it.
    static func block() {
        var set = stoppingSet
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// The stopping signal that arrived within `milliseconds`, if one did.
    static func take(waitingAtMost milliseconds: Int) -> Int32? {
        var set = stoppingSet
        var timeout = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
        let signal = sigtimedwait(&set, nil, &timeout)
        return signal > 0 ? signal : nil
    }

    /// Waits until a stopping signal arrives (a server process's whole life: no other bound).
    static func waitForStop() {
        while take(waitingAtMost: 1_000) == nil {}
    }
}
