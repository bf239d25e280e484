/// The event log: newest line at the bottom, scrollable back through history.
///
/// Lines are clipped, not wrapped, so one long event never pushes the rest
/// off screen and row positions stay stable as new events arrive.
public struct LogView: Widget {
    public var lines: [Span]
    /// How many lines the view is scrolled up from the newest; 0 follows the tail.
    public var scrollBack: Int

    public init(lines: [Span], scrollBack: Int = 0) {
        self.lines = lines
        self.scrollBack = max(0, scrollBack)
    }

    /// The largest useful `scrollBack` for an area `height` rows tall.
    public static func maximumScrollBack(lineCount: Int, height: Int) -> Int {
        max(0, lineCount - max(0, height))
    }

    /// The index range of `lines` visible in `height` rows.
    public func visibleRange(height: Int) -> Range<Int> {
        let back = min(scrollBack, Self.maximumScrollBack(lineCount: lines.count, height: height))
        let end = lines.count - back
        let start = max(0, end - max(0, height))
        return start..<end
    }

    public func render(in area: Rect, buffer: inout CellBuffer) {
        guard !area.isEmpty else { return }
        let range = visibleRange(height: area.height)
        // Fewer lines than rows: align to the bottom so the newest is always on the last row.
        let top = area.y + area.height - range.count
        for (row, index) in range.enumerated() {
            buffer.put(lines[index].text, x: area.x, y: top + row, style: lines[index].style, maxWidth: area.width)
        }
    }
}
