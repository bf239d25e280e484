/// A modal form of labelled text fields with inline validation errors.
///
/// Errors are shown under the field they concern, so the operator fixes the
/// value where they are looking rather than decoding a message elsewhere.
/// The focused field shows a block cursor drawn in the buffer (the hardware
/// cursor stays hidden, which keeps diff painting simple).
public struct Form: Widget {
    public struct Field: Sendable {
        public var label: String
        public var value: TextField
        /// A one-line problem with the value, shown under the field; `nil` when valid.
        public var error: String?
        /// Shown dimmed when the value is empty.
        public var placeholder: String

        public init(label: String, value: TextField = TextField(), error: String? = nil, placeholder: String = "") {
            self.label = label
            self.value = value
            self.error = error
            self.placeholder = placeholder
        }
    }

    public var title: String
    public var fields: [Field]
    public var focusedIndex: Int
    /// Shown on the last row, e.g. "Tab next field · Enter submit · Esc cancel".
    public var footer: String
    /// Columns for the value area (the box grows with the longest label).
    public var valueWidth: Int
    public var style: CellStyle
    public var borderStyle: CellStyle
    public var titleStyle: CellStyle
    public var labelStyle: CellStyle
    public var valueStyle: CellStyle
    public var focusedValueStyle: CellStyle
    public var placeholderStyle: CellStyle
    public var cursorStyle: CellStyle
    public var errorStyle: CellStyle
    public var footerStyle: CellStyle
    public var glyphs: GlyphSet

    public init(
        title: String,
        fields: [Field],
        focusedIndex: Int = 0,
        footer: String = "",
        valueWidth: Int = 24,
        style: CellStyle = .plain,
        borderStyle: CellStyle = .plain,
        titleStyle: CellStyle = CellStyle(attributes: .bold),
        labelStyle: CellStyle = .plain,
        valueStyle: CellStyle = CellStyle(attributes: .underline),
        focusedValueStyle: CellStyle = CellStyle(attributes: [.underline, .bold]),
        placeholderStyle: CellStyle = CellStyle(attributes: [.underline, .dim]),
        cursorStyle: CellStyle = CellStyle(attributes: .reverse),
        errorStyle: CellStyle = CellStyle(attributes: .bold, emphasisWithoutColor: [.bold, .underline]),
        footerStyle: CellStyle = CellStyle(attributes: .dim),
        glyphs: GlyphSet = .unicode
    ) {
        self.title = title
        self.fields = fields
        self.focusedIndex = focusedIndex
        self.footer = footer
        self.valueWidth = max(1, valueWidth)
        self.style = style
        self.borderStyle = borderStyle
        self.titleStyle = titleStyle
        self.labelStyle = labelStyle
        self.valueStyle = valueStyle
        self.focusedValueStyle = focusedValueStyle
        self.placeholderStyle = placeholderStyle
        self.cursorStyle = cursorStyle
        self.errorStyle = errorStyle
        self.footerStyle = footerStyle
        self.glyphs = glyphs
    }

    /// True when no field has an error: the app submits only then.
    public var isValid: Bool { fields.allSatisfy { $0.error == nil } }

    /// Focus moves forward (Tab) or back (Shift-Tab), wrapping.
    public mutating func moveFocus(by delta: Int) {
        guard !fields.isEmpty else { return }
        focusedIndex = ((focusedIndex + delta) % fields.count + fields.count) % fields.count
    }

    /// Sends an editing key to the focused field; `false` if the key is not an edit.
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        guard fields.indices.contains(focusedIndex) else { return false }
        return fields[focusedIndex].value.handle(key)
    }

    /// Rows used: one per field, one more per error, a blank and the footer.
    private var contentLines: Int {
        fields.reduce(0) { $0 + 1 + ($1.error == nil ? 0 : 1) } + (footer.isEmpty ? 0 : 2)
    }

    public func render(in area: Rect, buffer: inout CellBuffer) {
        guard !area.isEmpty else { return }
        let labelWidth = fields.map { DisplayWidth.of($0.label) }.max() ?? 0
        let errorWidth = fields.compactMap { $0.error.map { DisplayWidth.of($0) + 2 } }.max() ?? 0
        let contentWidth = max(labelWidth + 2 + valueWidth, errorWidth + labelWidth + 2,
                               DisplayWidth.of(footer), DisplayWidth.of(title) + 2)
        let box = Overlay.prepare(width: contentWidth + 4, height: contentLines + 2, in: area, buffer: &buffer, style: style)
        Block(title: title, borderStyle: borderStyle, titleStyle: titleStyle, glyphs: glyphs).render(in: box, buffer: &buffer)
        let inner = box.inset(horizontal: 2, vertical: 1)
        guard !inner.isEmpty else { return }
        let fieldWidth = max(1, inner.width - labelWidth - 2)
        var row = 0
        for (index, field) in fields.enumerated() {
            guard row < inner.height else { break }
            let focused = index == focusedIndex
            let y = inner.y + row
            let valueX = buffer.put((field.label + ":").padded(toWidth: labelWidth + 1) + " ", in: inner, row: row, style: labelStyle)
            let showPlaceholder = field.value.text.isEmpty && !field.placeholder.isEmpty
            let text = showPlaceholder ? field.placeholder : field.value.text
            // Scroll long values so the cursor stays inside the field.
            let cursor = field.value.cursor
            let skip = focused ? max(0, cursor - (fieldWidth - 1)) : 0
            let visible = String(text.dropFirst(showPlaceholder ? 0 : skip)).padded(toWidth: fieldWidth)
            let base = showPlaceholder ? placeholderStyle : (focused ? focusedValueStyle : valueStyle)
            buffer.put(visible, x: valueX, y: y, style: base, maxWidth: inner.maxX - valueX)
            if focused {
                let cursorX = valueX + DisplayWidth.of(text.prefix(showPlaceholder ? 0 : cursor).dropFirst(skip))
                let under = buffer[cursorX, y]
                if cursorX < inner.maxX {
                    buffer.set(Cell(under.character, style: base.patched(with: cursorStyle)), x: cursorX, y: y)
                }
            }
            row += 1
            if let error = field.error, row < inner.height {
                buffer.put(String(glyphs.cross) + " " + error, x: valueX, y: inner.y + row, style: errorStyle, maxWidth: inner.maxX - valueX)
                row += 1
            }
        }
        if !footer.isEmpty && inner.height >= 2 {
            buffer.put(footer, in: inner, row: inner.height - 1, style: footerStyle)
        }
    }
}
