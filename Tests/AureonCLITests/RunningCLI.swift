import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The built `aureon` binary running in the background (a coordinator, a node): its standard
/// output collected line by line as it comes, so a test can poll for a line, then stop it.
final class RunningCLI: @unchecked Sendable {
    let process = Process()
    private let lock = NSLock()
    private var printed = ""
    private var errors = ""
    private var readers = 0

    init(_ arguments: [String]) throws {
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.currentDirectoryURL = CLI.repositoryRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        collect(out.fileHandleForReading) { $0.printed += $1 }
        collect(err.fileHandleForReading) { $0.errors += $1 }
    }

    var lines: [String] { lock.withLock { printed.split(separator: "\n").map(String.init) } }
    var stderr: String { lock.withLock { errors } }

    /// Polls (bounded, 60 s) until a printed line matches; false if none did by then or the output ended.
    func waitForLine(_ matches: (String) -> Bool) -> Bool {
        for _ in 0..<600 {
            if lines.contains(where: matches) { return true }
            if !process.isRunning && lock.withLock({ readers == 0 }) { return lines.contains(where: matches) }
            usleep(100_000)
        }
        return false
    }

    /// Waits for the process to end by itself (bounded, 90 s; then it is killed) and for its
    /// output to be read; returns its exit status.
    func waitForExit() -> Int32 {
        for _ in 0..<900 where process.isRunning { usleep(100_000) }
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        for _ in 0..<100 where lock.withLock({ readers > 0 }) { usleep(10_000) }
        return process.terminationStatus
    }

    /// SIGTERM, then its exit status.
    func terminate() -> Int32 {
        if process.isRunning { process.terminate() }
        return waitForExit()
    }

    /// Kills it if it still runs (for `defer`).
    func killIfRunning() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    private func collect(_ handle: FileHandle, into append: @escaping @Sendable (RunningCLI, String) -> Void) {
        lock.withLock { readers += 1 }
        let thread = Thread { [self] in
            // Until end of file: bounded by what the process prints.
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                lock.withLock { append(self, String(decoding: chunk, as: UTF8.self)) }
            }
            lock.withLock { readers -= 1 }
        }
        thread.start()
    }
}
