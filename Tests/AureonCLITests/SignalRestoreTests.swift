import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A crash signal (sent by another process, as `kill -QUIT` or a debugger would) ends the console
/// with the terminal restored: normal screen, visible cursor, echo and canonical input back on,
/// and the runtime's crash report printed without waiting for a key.
@Suite(.serialized) struct SignalRestoreTests {
    @Test(arguments: [SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGILL])
    func crashSignalRestoresTheTerminal(signal: Int32) throws {
        let session = try TmuxSession(["--speed", "50"])
        defer { session.close() }
        let drawn = try session.waitFor("the console") { $0.contains("rqml-run-001") }
        #expect(drawn.ok, "\(drawn.screen)")
        #expect(try session.alternateScreenIsOn())
        let pid = try #require(try session.consoleProcessID())
        #expect(kill(pid, signal) == 0)

        // Default action after the report: the shell sees death by the signal, 128 + its number,
        // well before the runtime's 30 s "press space to interact" prompt would have timed out.
        #expect(session.exitStatus(timeout: .seconds(20)) == 128 + signal)
        #expect(try !session.alternateScreenIsOn())
        #expect(try session.cursorIsVisible())
        let modes = try Self.terminalModes(of: session.paneTTY())
        #expect(modes.contains("echo"), "stty -a: \(modes)")
        #expect(modes.contains("icanon"), "stty -a: \(modes)")
        #expect(!modes.contains("-echo") && !modes.contains("-icanon"), "stty -a: \(modes)")
    }

    /// The words of `stty -a` for a terminal device.
    static func terminalModes(of device: String) throws -> Set<String> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/stty")
        process.arguments = ["-a", "-F", device]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Set(String(decoding: data, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init))
    }
}
