import AureonConsole
import AureonPostgres
import AureonTUI

/// The live console in the terminal: a watch over the database on its own task, the console
/// over the watch, and both ended however the console ends. Shared by `aureon console --live`
/// and `aureon live`.
enum LiveConsoleSession {
    /// Connects (an unreachable database is one line, exit 2, before the terminal is touched),
    /// then runs the console until it quits; returns whether ctrl-c ended it.
    static func run(address: DatabaseAddress, settings: ConsoleSettings, launcher: (any LiveNodeLauncher)?) throws -> Bool {
        try ConsoleCommand.checkTerminal()
        let queue = try LiveBlocking.run {
            let queue = try await LiveQueue.connect(to: address)
            do {
                try await queue.migrate()
            } catch {
                await queue.close()
                throw LiveError(.input, "cannot prepare the database at \(address): \(LiveError.reason(error))")
            }
            return queue
        }
        let watch = LiveClusterWatch(address: address, connected: queue)
        let watching = Task.detached { await watch.run() }
        defer {
            watch.stop()
            LiveBlocking.finish { await watching.value }
        }
        let console = LiveConsole(link: watch, launcher: launcher, location: address.description, settings: settings)
        try ConsoleCommand.drive(console)
        return console.wasInterrupted
    }
}
