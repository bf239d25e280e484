/// One line of help: the keys (already joined, e.g. "j, down") and what they do.
public struct HelpEntry: Hashable, Sendable {
    public var keys: String
    public var description: String

    public init(keys: String, description: String) {
        self.keys = keys
        self.description = description
    }
}

/// A titled group of help entries ("Navigation", "Node actions"…).
public struct HelpSection: Hashable, Sendable {
    public var title: String
    public var entries: [HelpEntry]

    public init(title: String, entries: [HelpEntry]) {
        self.title = title
        self.entries = entries
    }
}

/// The `?` screen: sections of key → description, built from the live keymap
/// (``Keymap/helpSections(sectionOrder:)``) so remapped keys are documented truthfully.
public struct HelpOverlay: Widget {
    public var title: String
    public var sections: [HelpSection]
    /// Lines scrolled past at the top, for help longer than the screen.
    public var scrollOffset: Int
    public var footer: String
    public var style: CellStyle
    public var borderStyle: CellStyle
    public var titleStyle: CellStyle
    public var sectionStyle: CellStyle
    public var keyStyle: CellStyle
    public var footerStyle: CellStyle
    public var glyphs: GlyphSet

    public init(
        title: String = "Help",
        sections: [HelpSection],
        scrollOffset: Int = 0,
        footer: String = "esc close",
        style: CellStyle = .plain,
        borderStyle: CellStyle = .plain,
        titleStyle: CellStyle = CellStyle(attributes: .bold),
        sectionStyle: CellStyle = CellStyle(attributes: [.bold, .underline]),
        keyStyle: CellStyle = CellStyle(attributes: .bold),
        footerStyle: CellStyle = CellStyle(attributes: .dim),
        glyphs: GlyphSet = .unicode
    ) {
        self.title = title
        self.sections = sections
        self.scrollOffset = max(0, scrollOffset)
        self.footer = footer
        self.style = style
        self.borderStyle = borderStyle
        self.titleStyle = titleStyle
        self.sectionStyle = sectionStyle
        self.keyStyle = keyStyle
        self.footerStyle = footerStyle
        self.glyphs = glyphs
    }

    /// The help as text lines with their styles, before clipping to the screen.
    public func contentLines() -> [Line] {
        let keyWidth = sections.flatMap(\.entries).map { DisplayWidth.of($0.keys) }.max() ?? 0
        var lines: [Line] = []
        for (i, section) in sections.enumerated() {
            if i > 0 { lines.append(Line("")) }
            lines.append(Line(section.title, style: sectionStyle))
            for entry in section.entries {
                lines.append(Line([Span("  " + entry.keys.padded(toWidth: keyWidth), style: keyStyle),
                                   Span("  " + entry.description, style: style)]))
            }
        }
        return lines
    }

    public func render(in area: Rect, buffer: inout CellBuffer) {
        guard !area.isEmpty else { return }
        let lines = contentLines()
        let width = max(lines.map(\.width).max() ?? 0, DisplayWidth.of(title) + 2, DisplayWidth.of(footer)) + 4
        let footerRows = footer.isEmpty ? 0 : 2
        let box = Overlay.prepare(width: width, height: lines.count + footerRows + 2, in: area, buffer: &buffer, style: style)
        Block(title: title, borderStyle: borderStyle, titleStyle: titleStyle, glyphs: glyphs).render(in: box, buffer: &buffer)
        let inner = box.inset(horizontal: 2, vertical: 1)
        guard !inner.isEmpty else { return }
        let bodyRows = max(0, inner.height - (inner.height > footerRows ? footerRows : 0))
        let offset = min(scrollOffset, max(0, lines.count - bodyRows))
        for row in 0..<bodyRows where offset + row < lines.count {
            lines[offset + row].render(in: Rect(x: inner.x, y: inner.y + row, width: inner.width, height: 1), buffer: &buffer)
        }
        if footerRows > 0 && inner.height > footerRows {
            var hint = footer
            if lines.count > bodyRows { hint += "  ↑↓ scroll" }
            buffer.put(hint, in: inner, row: inner.height - 1, style: footerStyle)
        }
    }
}
