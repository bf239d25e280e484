/// A bordered box with a title: the frame around every pane.
///
/// Focus is shown by border style (and, without colour, by bold via the
/// theme's `borderFocused` emphasis), so the operator always sees which pane
/// Tab has selected.
public struct Block: Widget {
    public var title: String?
    public var isFocused: Bool
    public var borderStyle: CellStyle
    public var focusedBorderStyle: CellStyle
    public var titleStyle: CellStyle
    /// Style for the interior; `nil` leaves the interior untouched.
    public var fillStyle: CellStyle?
    public var glyphs: GlyphSet

    public init(
        title: String? = nil,
        isFocused: Bool = false,
        borderStyle: CellStyle = .plain,
        focusedBorderStyle: CellStyle = CellStyle(attributes: .bold),
        titleStyle: CellStyle = CellStyle(attributes: .bold),
        fillStyle: CellStyle? = nil,
        glyphs: GlyphSet = .unicode
    ) {
        self.title = title
        self.isFocused = isFocused
        self.borderStyle = borderStyle
        self.focusedBorderStyle = focusedBorderStyle
        self.titleStyle = titleStyle
        self.fillStyle = fillStyle
        self.glyphs = glyphs
    }

    /// The area inside the border, where content goes.
    public func inner(_ area: Rect) -> Rect {
        area.inset(by: 1)
    }

    public func render(in area: Rect, buffer: inout CellBuffer) {
        guard !area.isEmpty else { return }
        if let fillStyle { buffer.clear(inner(area), style: fillStyle) }
        let style = isFocused ? focusedBorderStyle : borderStyle
        let g = glyphs
        let top = area.y, bottom = area.maxY - 1, left = area.x, right = area.maxX - 1
        for x in left...right {
            buffer.set(Cell(g.horizontal, style: style), x: x, y: top)
            if bottom != top { buffer.set(Cell(g.horizontal, style: style), x: x, y: bottom) }
        }
        if area.height > 2 {
            for y in (top + 1)..<bottom {
                buffer.set(Cell(g.vertical, style: style), x: left, y: y)
                if right != left { buffer.set(Cell(g.vertical, style: style), x: right, y: y) }
            }
        }
        if area.width >= 2 && area.height >= 2 {
            buffer.set(Cell(g.topLeft, style: style), x: left, y: top)
            buffer.set(Cell(g.topRight, style: style), x: right, y: top)
            buffer.set(Cell(g.bottomLeft, style: style), x: left, y: bottom)
            buffer.set(Cell(g.bottomRight, style: style), x: right, y: bottom)
        }
        if let title, !title.isEmpty, area.width > 4 {
            // "┌ Title ─┐": one space each side, truncated to leave the corners.
            let text = " " + title.truncated(toWidth: area.width - 4, ellipsis: g.ellipsis) + " "
            buffer.put(text, x: left + 1, y: top, style: titleStyle, maxWidth: area.width - 2)
        }
    }
}
