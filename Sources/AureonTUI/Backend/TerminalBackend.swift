/// A terminal's size in cells.
public struct TerminalSize: Hashable, Sendable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
    }
}

/// Where frames are painted and input comes from (ratatui's `Backend`).
///
/// The app's loop is: build a ``CellBuffer`` of ``size`` from state, `draw` it,
/// `pollInput`, update state, repeat; on exit (normal, error or signal) call
/// ``restore()``. Backends paint only what changed since the previous frame,
/// so drawing an unchanged screen costs nothing.
public protocol TerminalBackend: AnyObject {
    /// The current size; build each frame at this size.
    var size: TerminalSize { get }
    /// What the terminal can show; pass to ``StyleResolver`` or just let the backend resolve.
    var colorCapability: ColorCapability { get }
    /// Paints the cells of `buffer` that differ from the last frame drawn.
    func draw(_ buffer: CellBuffer)
    /// Forgets the last frame so the next `draw` repaints everything (e.g. Ctrl-L, after a resize).
    func invalidate()
    /// Waits up to `timeoutMilliseconds` (0 = don't wait) for input; `nil` on timeout.
    func pollInput(timeoutMilliseconds: Int) -> InputEvent?
    /// Returns the terminal to its normal state. Safe to call more than once.
    func restore()
}
