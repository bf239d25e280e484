import AureonTUI

/// The only place where the console meets a terminal and the wall clock.
///
/// Each pass: draw if something changed, wait for input (33 ms while the
/// simulation runs, so at most ~30 frames per second; up to half a second
/// while paused and idle, so a paused console costs next to no CPU), then
/// feed the input and the elapsed wall time to the ``ConsoleApp``.
public struct ConsoleRunLoop {
    /// Wall time between frames while the simulation runs (~30 fps).
    public static let frameInterval: Duration = .milliseconds(33)
    /// How long to sleep in `pollInput` when nothing on screen can change by itself.
    public static let idlePollMilliseconds = 500
    /// Input events handled per frame at most, so a paste or a held key cannot starve drawing.
    public static let inputBatchLimit = 64

    public let app: any ConsoleLoopClient
    public let terminal: any TerminalBackend
    /// Monotonic wall time; injectable so a test can drive the loop with a fake clock.
    public let now: () -> Duration
    /// Checked every pass: true ends the loop (SIGINT/SIGTERM in the real terminal).
    public let shouldStop: () -> Bool

    public init(app: any ConsoleLoopClient, terminal: any TerminalBackend, now: @escaping () -> Duration, shouldStop: @escaping () -> Bool) {
        self.app = app
        self.terminal = terminal
        self.now = now
        self.shouldStop = shouldStop
    }

    /// Runs until the app quits, `shouldStop` says so, or `maximumPasses` passes (tests) have run.
    public func run(maximumPasses: Int = .max) {
        var last = now()
        var lastSize = terminal.size
        if lastSize != app.screenSize { app.resize(width: lastSize.width, height: lastSize.height) }
        var passes = 0
        while !app.shouldQuit && !shouldStop() && passes < maximumPasses {
            passes += 1
            let size = terminal.size
            if size != lastSize {
                lastSize = size
                terminal.invalidate()
                app.resize(width: size.width, height: size.height)
            }
            let frameStart = now()
            if app.needsRedraw {
                var frame = CellBuffer(width: size.width, height: size.height)
                app.render(into: &frame)
                terminal.draw(frame)
            }
            let spent = now() - frameStart
            let wait = app.isAnimating ? max(.zero, Self.frameInterval - spent) : .milliseconds(Self.idlePollMilliseconds)
            if let event = terminal.pollInput(timeoutMilliseconds: Int(wait.components.seconds * 1_000 + wait.components.attoseconds / 1_000_000_000_000_000)) {
                app.handle(event)
                var handled = 1
                while handled < Self.inputBatchLimit, !app.shouldQuit, let more = terminal.pollInput(timeoutMilliseconds: 0) {
                    app.handle(more)
                    handled += 1
                }
            }
            let current = now()
            app.tick(wallElapsed: current - last)
            last = current
        }
    }
}
