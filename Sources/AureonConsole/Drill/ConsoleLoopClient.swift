import AureonTUI

/// What ``ConsoleRunLoop`` drives: the plain console (``ConsoleApp``) or a drill around it
/// (``DrillConsole``). Input in, wall time in, frames out; no terminal of its own.
public protocol ConsoleLoopClient: AnyObject {
    var shouldQuit: Bool { get }
    var needsRedraw: Bool { get }
    var isAnimating: Bool { get }
    /// The size the last frame was laid out for.
    var screenSize: TerminalSize { get }
    /// The terminal has a new size: lay out and draw the next frame at it.
    func resize(width: Int, height: Int)
    func handle(_ event: InputEvent)
    func tick(wallElapsed: Duration)
    func render(into buffer: inout CellBuffer)
}

extension ConsoleApp: ConsoleLoopClient {}
