/// A width×height grid of cells that widgets draw into and backends paint from.
///
/// This is the seam between the app and the terminal (ratatui's `Buffer`):
/// everything renders here, tests read ``lines`` back as plain text, and a
/// backend paints only ``diff(from:)`` against the previous frame.
///
/// Every write clips. Coordinates may be negative or huge and sizes may be
/// 0×0; nothing here traps, because a resize to 1×1 mid-frame must not crash
/// the console.
public struct CellBuffer: Hashable, Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    private var cells: [Cell]

    /// Creates a buffer filled with `fill` (blank by default). Negative sizes become 0.
    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: fill, count: self.width * self.height)
    }

    /// The whole buffer as a rectangle at the origin.
    public var area: Rect { Rect(width: width, height: height) }

    /// The cell at (x, y), or a blank cell outside the buffer so readers need no bounds checks.
    public subscript(x: Int, y: Int) -> Cell {
        guard let index = index(x, y) else { return .blank }
        return cells[index]
    }

    private func index(_ x: Int, _ y: Int) -> Int? {
        guard x >= 0, y >= 0, x < width, y < height else { return nil }
        return y * width + x
    }

    /// Writes one cell, ignoring coordinates outside the buffer.
    ///
    /// Keeps wide graphemes consistent: overwriting either half of a wide
    /// grapheme blanks the other half, so a stale right half never lingers.
    public mutating func set(_ cell: Cell, x: Int, y: Int) {
        guard let i = index(x, y) else { return }
        let old = cells[i]
        if old.isContinuation, x > 0, !cell.isContinuation {
            cells[i - 1] = Cell(" ", style: cells[i - 1].style)
        }
        if !old.isContinuation, x + 1 < width, cells[i + 1].isContinuation {
            cells[i + 1] = Cell(" ", style: cells[i + 1].style)
        }
        cells[i] = cell
    }

    /// Writes `string` starting at (x, y) in `style`, clipped to the buffer and to `maxWidth` columns.
    ///
    /// Wide graphemes take two columns; one that would straddle the clip edge is
    /// replaced by a space. Control characters (tabs, newlines) become spaces so
    /// a stray log line cannot move the cursor. Returns the column after the last
    /// one written (or that would have been written), handy for laying out
    /// spans left to right.
    @discardableResult
    public mutating func put(_ string: some StringProtocol, x: Int, y: Int, style: CellStyle = .plain, maxWidth: Int? = nil) -> Int {
        let limit: Int
        if let maxWidth {
            limit = maxWidth <= 0 ? x : (x > Int.max - maxWidth ? Int.max : x + maxWidth)
        } else {
            limit = Int.max
        }
        guard y >= 0, y < height else { return x }
        var column = x
        for character in string {
            if column >= limit || column >= width { break }
            var glyph = character
            var w = DisplayWidth.of(character)
            if w == 0 {
                glyph = " "
                w = 1
            }
            if column + w > limit || column + w > width {
                // A wide grapheme that does not fit: show a space, never half a glyph.
                if column >= 0 { set(Cell(" ", style: style), x: column, y: y) }
                column += 1
                break
            }
            if column >= 0 {
                set(Cell(glyph, style: style), x: column, y: y)
                if w == 2 { set(.continuation(style: style), x: column + 1, y: y) }
            } else if w == 2 && column + 1 == 0 {
                // Left half clipped away: show a space where the right half would be.
                set(Cell(" ", style: style), x: 0, y: y)
            }
            column += w
        }
        return column
    }

    /// Writes `string` inside `rect` at row `row` (relative), clipped to the rectangle.
    @discardableResult
    public mutating func put(_ string: some StringProtocol, in rect: Rect, row: Int = 0, column: Int = 0, style: CellStyle = .plain) -> Int {
        guard row >= 0, row < rect.height, column < rect.width else { return rect.x + column }
        let start = rect.x + max(0, column)
        return put(string, x: start, y: rect.y + row, style: style, maxWidth: rect.maxX - start)
    }

    /// Sets every cell in `rect` (clipped) to `cell`.
    public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
        let clipped = rect.intersection(area)
        guard !clipped.isEmpty else { return }
        for y in clipped.y..<clipped.maxY {
            for x in clipped.x..<clipped.maxX {
                set(cell, x: x, y: y)
            }
        }
    }

    /// Blanks `rect` in `style`: the usual first step of a widget that owns its area.
    public mutating func clear(_ rect: Rect, style: CellStyle = .plain) {
        fill(rect, with: Cell(" ", style: style))
    }

    /// Replaces the style of every cell in `rect`, keeping the characters; e.g. a selection bar.
    public mutating func setStyle(_ style: CellStyle, in rect: Rect) {
        let clipped = rect.intersection(area)
        guard !clipped.isEmpty else { return }
        for y in clipped.y..<clipped.maxY {
            for x in clipped.x..<clipped.maxX {
                cells[y * width + x].style = style
            }
        }
    }

    /// Lays `style` over the existing styles in `rect` (see ``CellStyle/patched(with:)``).
    public mutating func patchStyle(_ style: CellStyle, in rect: Rect) {
        let clipped = rect.intersection(area)
        guard !clipped.isEmpty else { return }
        for y in clipped.y..<clipped.maxY {
            for x in clipped.x..<clipped.maxX {
                cells[y * width + x].style = cells[y * width + x].style.patched(with: style)
            }
        }
    }

    /// Resizes to `width`×`height`, blanking everything (the next frame redraws anyway).
    public mutating func resize(width: Int, height: Int) {
        self = CellBuffer(width: width, height: height)
    }

    /// Each row as plain text, exactly `width` columns wide (a wide grapheme counts its two columns once).
    public var lines: [String] {
        (0..<height).map { y in
            var row = ""
            row.reserveCapacity(width)
            for x in 0..<width {
                let cell = cells[y * width + x]
                if !cell.isContinuation { row.append(cell.character) }
            }
            return row
        }
    }

    /// The buffer as text, one line per row with trailing spaces removed: compact test snapshots.
    public func text() -> String {
        lines.map { line in
            var trimmed = Substring(line)
            while trimmed.last == " " { trimmed = trimmed.dropLast() }
            return String(trimmed)
        }.joined(separator: "\n")
    }

    /// One changed cell, as a backend needs it.
    public struct Change: Hashable, Sendable {
        public var x: Int
        public var y: Int
        public var cell: Cell
    }

    /// Cells that differ from `previous`, in row-major order.
    ///
    /// When the sizes differ every cell is reported: after a resize the
    /// terminal's contents are unknown. Continuation cells are reported with
    /// their lead cell so a backend that skips them still repaints the grapheme.
    public func diff(from previous: CellBuffer?) -> [Change] {
        var changes: [Change] = []
        guard let previous, previous.width == width, previous.height == height else {
            changes.reserveCapacity(cells.count)
            for (i, cell) in cells.enumerated() {
                changes.append(Change(x: i % max(1, width), y: i / max(1, width), cell: cell))
            }
            return changes
        }
        for i in cells.indices where cells[i] != previous.cells[i] {
            let x = i % width
            let y = i / width
            if cells[i].isContinuation, x > 0,
               changes.last.map({ $0.x != x - 1 || $0.y != y }) ?? true {
                changes.append(Change(x: x - 1, y: y, cell: cells[i - 1]))
            }
            changes.append(Change(x: x, y: y, cell: cells[i]))
        }
        return changes
    }
}
