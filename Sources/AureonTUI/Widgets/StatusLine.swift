/// A full-width bar with spans on the left and on the right (the status bar).
///
/// The right side wins when space is short: it usually holds the state an
/// operator glances at (running/paused, theme), while the left holds detail.
public struct StatusLine: Widget {
    public var left: [Span]
    public var right: [Span]
    public var style: CellStyle

    public init(left: [Span], right: [Span] = [], style: CellStyle = .plain) {
        self.left = left
        self.right = right
        self.style = style
    }

    public func render(in area: Rect, buffer: inout CellBuffer) {
        guard !area.isEmpty else { return }
        let row = Rect(x: area.x, y: area.y, width: area.width, height: 1)
        buffer.clear(row, style: style)
        let rightWidth = min(area.width, right.reduce(0) { $0 + $1.width })
        let leftArea = row.inset(right: rightWidth + (rightWidth > 0 ? 1 : 0))
        Line(left.map { Span($0.text, style: style.patched(with: $0.style)) }).render(in: leftArea, buffer: &buffer)
        Line(right.map { Span($0.text, style: style.patched(with: $0.style)) }, alignment: .right).render(in: row.inset(left: area.width - rightWidth), buffer: &buffer)
    }
}

/// The key-hint line: "↑↓ select  ⏎ detail  d drain  …".
///
/// Drops whole hints from the end rather than cutting one in half, so what
/// is shown is always a usable instruction.
public struct KeyHintLine: Widget {
    public struct Hint: Hashable, Sendable {
        public var keys: String
        public var label: String

        public init(keys: String, label: String) {
            self.keys = keys
            self.label = label
        }
    }

    public var hints: [Hint]
    public var keyStyle: CellStyle
    public var labelStyle: CellStyle
    public var separator: String

    public init(hints: [Hint], keyStyle: CellStyle = CellStyle(attributes: .bold),
                labelStyle: CellStyle = .plain, separator: String = "  ") {
        self.hints = hints
        self.keyStyle = keyStyle
        self.labelStyle = labelStyle
        self.separator = separator
    }

    /// The hints that fit in `width` columns, in order.
    public func fitting(width: Int) -> [Hint] {
        var used = 0
        var result: [Hint] = []
        for hint in hints {
            let w = DisplayWidth.of(hint.keys) + 1 + DisplayWidth.of(hint.label) + (result.isEmpty ? 1 : DisplayWidth.of(separator))
            if used + w > width { break }
            used += w
            result.append(hint)
        }
        return result
    }

    public func render(in area: Rect, buffer: inout CellBuffer) {
        guard !area.isEmpty else { return }
        var spans: [Span] = [Span(" ", style: labelStyle)]
        for (i, hint) in fitting(width: area.width).enumerated() {
            if i > 0 { spans.append(Span(separator, style: labelStyle)) }
            spans.append(Span(hint.keys, style: keyStyle))
            spans.append(Span(" " + hint.label, style: labelStyle))
        }
        Line(spans).render(in: area, buffer: &buffer)
    }
}
