/// A modal yes/no question that previews what a destructive action will affect.
///
/// "No" is preselected by default: an operator who hits Enter by reflex must
/// not kill a node. The preview lists what will change (e.g. the leases and
/// shards a kill releases) so the decision is informed.
public struct ConfirmDialog: Widget {
    /// The two answers.
    public enum Choice: Hashable, Sendable {
        case yes, no

        /// The other choice: what Tab or ←/→ switch to.
        public var toggled: Choice { self == .yes ? .no : .yes }
    }

    public var title: String
    public var message: [String]
    public var preview: [String]
    /// At most this many preview lines are shown, then "… and N more".
    public var maximumPreviewLines: Int
    public var selection: Choice
    public var yesLabel: String
    public var noLabel: String
    public var style: CellStyle
    public var borderStyle: CellStyle
    public var titleStyle: CellStyle
    public var previewStyle: CellStyle
    public var buttonStyle: CellStyle
    public var selectedButtonStyle: CellStyle
    public var glyphs: GlyphSet

    public init(
        title: String,
        message: [String],
        preview: [String] = [],
        maximumPreviewLines: Int = 8,
        selection: Choice = .no,
        yesLabel: String = "Yes",
        noLabel: String = "No",
        style: CellStyle = .plain,
        borderStyle: CellStyle = .plain,
        titleStyle: CellStyle = CellStyle(attributes: .bold),
        previewStyle: CellStyle = CellStyle(attributes: .dim),
        buttonStyle: CellStyle = .plain,
        selectedButtonStyle: CellStyle = CellStyle(attributes: .reverse),
        glyphs: GlyphSet = .unicode
    ) {
        self.title = title
        self.message = message
        self.preview = preview
        self.maximumPreviewLines = max(0, maximumPreviewLines)
        self.selection = selection
        self.yesLabel = yesLabel
        self.noLabel = noLabel
        self.style = style
        self.borderStyle = borderStyle
        self.titleStyle = titleStyle
        self.previewStyle = previewStyle
        self.buttonStyle = buttonStyle
        self.selectedButtonStyle = selectedButtonStyle
        self.glyphs = glyphs
    }

    /// The preview lines actually shown, with a "… and N more" line when cut.
    public var shownPreview: [String] {
        guard preview.count > maximumPreviewLines else { return preview }
        let kept = max(0, maximumPreviewLines - 1)
        return Array(preview.prefix(kept)) + ["\(glyphs.ellipsis) and \(preview.count - kept) more"]
    }

    func buttonText(_ label: String, selected: Bool) -> String {
        selected ? "\(glyphs.pointer) \(label) \(glyphs.pointerLeft)" : "  \(label)  "
    }

    public func render(in area: Rect, buffer: inout CellBuffer) {
        guard !area.isEmpty else { return }
        let yes = buttonText(yesLabel, selected: selection == .yes)
        let no = buttonText(noLabel, selected: selection == .no)
        let buttons = DisplayWidth.of(yes) + 2 + DisplayWidth.of(no)
        let previewLines = shownPreview
        let body = message + (previewLines.isEmpty ? [] : [""] + previewLines)
        let contentWidth = max(buttons, DisplayWidth.of(title) + 2, body.map { DisplayWidth.of($0) }.max() ?? 0)
        // Border (2) + one space of padding each side (2); rows: border, body, blank, buttons, border.
        let box = Overlay.prepare(width: contentWidth + 4, height: body.count + 4, in: area, buffer: &buffer, style: style)
        Block(title: title, borderStyle: borderStyle, titleStyle: titleStyle, glyphs: glyphs).render(in: box, buffer: &buffer)
        let inner = box.inset(horizontal: 2, vertical: 1)
        guard !inner.isEmpty else { return }
        // Buttons get the last inner row even when the message must be cut: the choice matters most.
        let buttonRow = inner.height - 1
        for (row, line) in body.enumerated() where row < buttonRow - 1 || (row < buttonRow && inner.height <= 2) {
            let isPreview = row >= message.count
            buffer.put(line, in: inner, row: row, style: isPreview ? previewStyle : style)
        }
        let start = max(0, (inner.width - buttons) / 2)
        var x = inner.x + start
        x = buffer.put(yes, x: x, y: inner.y + buttonRow, style: selection == .yes ? selectedButtonStyle : buttonStyle, maxWidth: inner.maxX - x)
        x += 2
        buffer.put(no, x: x, y: inner.y + buttonRow, style: selection == .no ? selectedButtonStyle : buttonStyle, maxWidth: inner.maxX - x)
    }
}
