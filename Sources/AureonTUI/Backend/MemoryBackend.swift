/// An in-memory backend for tests (ratatui's `TestBackend`).
///
/// Size is settable, input is a queue the test fills, and the last frame is
/// kept together with how many cells each draw painted — which is what proves
/// diff painting works (an identical second frame paints 0 cells).
public final class MemoryBackend: TerminalBackend {
    public private(set) var size: TerminalSize
    public var colorCapability: ColorCapability
    /// The frame as the "terminal" shows it after the last draw.
    public private(set) var screen: CellBuffer
    /// Cells painted by the most recent `draw`.
    public private(set) var lastPaintedCount = 0
    /// Cells painted by all draws since creation.
    public private(set) var totalPaintedCount = 0
    /// Number of `draw` calls.
    public private(set) var drawCount = 0
    /// How many times `restore()` did real work (at most once).
    public private(set) var restoreCount = 0
    private var lastFrame: CellBuffer?
    private var pending: [InputEvent] = []

    public init(width: Int, height: Int, colorCapability: ColorCapability = .truecolor) {
        self.size = TerminalSize(width: width, height: height)
        self.colorCapability = colorCapability
        self.screen = CellBuffer(width: width, height: height)
    }

    /// Queues input for `pollInput` to return in order.
    public func enqueue(_ events: InputEvent...) {
        pending.append(contentsOf: events)
    }

    /// Simulates the user resizing the window: changes the size and queues a `.resize` event.
    public func resize(width: Int, height: Int) {
        size = TerminalSize(width: width, height: height)
        pending.append(.resize(width: size.width, height: size.height))
    }

    public func draw(_ buffer: CellBuffer) {
        let changes = buffer.diff(from: lastFrame)
        if screen.width != buffer.width || screen.height != buffer.height {
            screen = CellBuffer(width: buffer.width, height: buffer.height)
        }
        var painted = 0
        for change in changes where !change.cell.isContinuation {
            screen.set(change.cell, x: change.x, y: change.y)
            if DisplayWidth.of(change.cell.character) == 2 {
                screen.set(buffer[change.x + 1, change.y], x: change.x + 1, y: change.y)
            }
            painted += 1
        }
        lastFrame = buffer
        lastPaintedCount = painted
        totalPaintedCount += painted
        drawCount += 1
    }

    public func invalidate() {
        lastFrame = nil
    }

    public func pollInput(timeoutMilliseconds: Int) -> InputEvent? {
        pending.isEmpty ? nil : pending.removeFirst()
    }

    public func restore() {
        guard restoreCount == 0 else { return }
        restoreCount = 1
    }

    /// The style the terminal would show at a cell, after degradation to ``colorCapability``.
    public func resolvedStyle(x: Int, y: Int) -> ResolvedStyle {
        StyleResolver(capability: colorCapability).resolve(screen[x, y].style)
    }
}
