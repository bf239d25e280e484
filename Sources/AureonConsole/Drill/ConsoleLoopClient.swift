import AureonTUI

/// What ``ConsoleRunLoop`` drives: the plain console (``ConsoleApp``) or a drill around it
/// (``DrillConsole``). Input in, wall time in, frames out; no terminal of its own.
public protocol ConsoleLoopClient: AnyObject {
    var shouldQuit: Bool { get }
    var needsRedraw: Bool { get }
    var isAnimating: Bool { get }
    /// The terminal changed under the frame (a resize): draw the next one whole.
    func requestRedraw()
    func handle(_ event: InputEvent)
    func tick(wallElapsed: Duration)
    func render(into buffer: inout CellBuffer)
}

extension ConsoleApp: ConsoleLoopClient {
    public func requestRedraw() { needsRedraw = true }
}
