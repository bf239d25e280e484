/// Something that draws itself into a rectangle of a ``CellBuffer``.
///
/// Widgets are plain values built fresh each frame from app state (the
/// Elm/Bubble Tea "view"); they never keep terminal state. A widget must stay
/// inside `area` and must tolerate any size, including 0×0.
public protocol Widget {
    func render(in area: Rect, buffer: inout CellBuffer)
}

extension CellBuffer {
    /// Renders `widget` into `area`; reads left to right at call sites: `buffer.render(block, in: r)`.
    public mutating func render(_ widget: some Widget, in area: Rect) {
        widget.render(in: area, buffer: &self)
    }
}
