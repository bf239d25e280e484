extension Theme {
    /// A pane frame styled by this theme: focused panes get `border_focused`.
    public func block(title: String?, isFocused: Bool = false, glyphs: GlyphSet = .unicode) -> Block {
        Block(title: title, isFocused: isFocused, borderStyle: style(.border),
              focusedBorderStyle: style(.borderFocused), titleStyle: style(.title), glyphs: glyphs)
    }

    /// A progress bar in `progress_fill` / `progress_empty`.
    public func progressBar(fraction: Double, label: String? = nil, glyphs: GlyphSet = .unicode) -> ProgressBar {
        ProgressBar(fraction: fraction, label: label, fillStyle: style(.progressFill),
                    emptyStyle: style(.progressEmpty), labelStyle: style(.text), glyphs: glyphs)
    }

    /// A confirm dialog with "No" preselected, in this theme's colours.
    public func confirmDialog(title: String, message: [String], preview: [String] = [], glyphs: GlyphSet = .unicode) -> ConfirmDialog {
        ConfirmDialog(title: title, message: message, preview: preview, style: style(.text),
                      borderStyle: style(.borderFocused), titleStyle: style(.title), previewStyle: style(.muted),
                      buttonStyle: style(.text), selectedButtonStyle: style(.selection), glyphs: glyphs)
    }

    /// A table whose header uses `title` and selection uses `selection`.
    public func table(columns: [Table.Column], rowCount: Int, glyphs: GlyphSet = .unicode, row: @escaping (Int) -> Table.Row) -> Table {
        var table = Table(columns: columns, rowCount: rowCount, headerStyle: style(.title), selectionStyle: style(.selection),
                          highlightSymbol: glyphs.pointer, row: row)
        table.ellipsis = glyphs.ellipsis
        return table
    }
}
