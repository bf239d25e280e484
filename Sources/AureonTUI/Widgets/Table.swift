/// A scrolling table with a header, a selected row, and per-cell styles.
///
/// Rows are supplied by a closure over an index rather than an array, so a
/// table of 100 000 rows costs only the rows that fit on screen — the console
/// never materialises rows nobody can see.
public struct Table: Widget {
    /// One column: header text, how wide it is, and how its cells align.
    public struct Column: Sendable {
        public var title: String
        public var width: Constraint
        public var alignment: TextAlignment

        public init(_ title: String, width: Constraint, alignment: TextAlignment = .left) {
            self.title = title
            self.width = width
            self.alignment = alignment
        }
    }

    /// One row; cells beyond the column count are ignored, missing ones are blank.
    public struct Row: Sendable {
        public var cells: [Span]
        /// Style for the whole row underneath its cells' styles (e.g. a dead node greyed out).
        public var style: CellStyle

        public init(_ cells: [Span], style: CellStyle = .plain) {
            self.cells = cells
            self.style = style
        }
    }

    public var columns: [Column]
    public var rowCount: Int
    public var row: (Int) -> Row
    public var headerStyle: CellStyle
    /// Laid over the selected row's cells.
    public var selectionStyle: CellStyle
    /// Drawn in a one-column gutter left of the selected row; the gutter exists whenever this is non-nil.
    public var highlightSymbol: Character?
    public var columnSpacing: Int
    /// Marks a cell cut to fit its column; set to `GlyphSet.ellipsis` so ASCII mode stays ASCII.
    public var ellipsis: String = "…"

    /// A table whose rows come from `row(index)`, called only for visible rows.
    public init(
        columns: [Column],
        rowCount: Int,
        headerStyle: CellStyle = CellStyle(attributes: .bold),
        selectionStyle: CellStyle = CellStyle(attributes: .reverse),
        highlightSymbol: Character? = "▸",
        columnSpacing: Int = 1,
        row: @escaping (Int) -> Row
    ) {
        self.columns = columns
        self.rowCount = max(0, rowCount)
        self.row = row
        self.headerStyle = headerStyle
        self.selectionStyle = selectionStyle
        self.highlightSymbol = highlightSymbol
        self.columnSpacing = max(0, columnSpacing)
    }

    /// A table over an array of rows.
    public init(
        columns: [Column],
        rows: [Row],
        headerStyle: CellStyle = CellStyle(attributes: .bold),
        selectionStyle: CellStyle = CellStyle(attributes: .reverse),
        highlightSymbol: Character? = "▸",
        columnSpacing: Int = 1
    ) {
        self.init(columns: columns, rowCount: rows.count, headerStyle: headerStyle,
                  selectionStyle: selectionStyle, highlightSymbol: highlightSymbol,
                  columnSpacing: columnSpacing) { rows[$0] }
    }

    /// How many data rows fit in `area` below the header.
    public func visibleRowCount(in area: Rect) -> Int {
        max(0, area.height - 1)
    }

    /// Column rectangles' x offsets and widths for a given total width (after the gutter).
    public func columnWidths(totalWidth: Int) -> [Int] {
        Layout(.horizontal, columns.map(\.width), spacing: columnSpacing).sizes(total: totalWidth)
    }

    /// Renders without selection state (no highlight, scrolled to the top).
    public func render(in area: Rect, buffer: inout CellBuffer) {
        var state = TableState(selected: nil)
        render(in: area, buffer: &buffer, state: &state)
    }

    /// Renders and updates `state.offset` so the selected row stays visible.
    public func render(in area: Rect, buffer: inout CellBuffer, state: inout TableState) {
        guard !area.isEmpty else { return }
        let visible = visibleRowCount(in: area)
        state.scrollToSelection(visibleRows: visible, rowCount: rowCount)
        let gutter = highlightSymbol == nil ? 0 : 1
        let body = area.inset(left: gutter)
        let widths = columnWidths(totalWidth: body.width)
        var xs: [Int] = []
        var x = body.x
        for w in widths {
            xs.append(x)
            x += w + columnSpacing
        }

        buffer.setStyle(headerStyle, in: Rect(x: area.x, y: area.y, width: area.width, height: 1))
        for (i, column) in columns.enumerated() where widths[i] > 0 {
            buffer.put(column.title.padded(toWidth: widths[i], alignment: column.alignment, ellipsis: ellipsis),
                       x: xs[i], y: area.y, style: headerStyle, maxWidth: widths[i])
        }

        guard visible > 0 else { return }
        let end = min(rowCount, state.offset + visible)
        guard state.offset < end else { return }
        for index in state.offset..<end {
            let y = area.y + 1 + (index - state.offset)
            let data = row(index)
            let isSelected = index == state.selected
            let rowStyle = isSelected ? data.style.patched(with: selectionStyle) : data.style
            buffer.setStyle(rowStyle, in: Rect(x: area.x, y: y, width: area.width, height: 1))
            if let symbol = highlightSymbol, isSelected {
                buffer.set(Cell(symbol, style: rowStyle), x: area.x, y: y)
            }
            for (i, column) in columns.enumerated() where widths[i] > 0 {
                guard i < data.cells.count else { break }
                let span = data.cells[i]
                var style = data.style.patched(with: span.style)
                if isSelected { style = style.patched(with: selectionStyle) }
                buffer.put(span.text.padded(toWidth: widths[i], alignment: column.alignment, ellipsis: ellipsis),
                           x: xs[i], y: y, style: style, maxWidth: widths[i])
            }
        }
    }
}
