/// A one-row progress bar with an optional label to its right.
///
/// With Unicode glyphs the bar resolves to eighths of a cell (▏▎▍▌▋▊▉█), so
/// slow runs visibly move; with ASCII it rounds down to whole cells.
public struct ProgressBar: Widget {
    /// Completion in 0...1; values outside are clamped and NaN counts as 0.
    public var fraction: Double
    /// Text after the bar, e.g. "72%  144/200  eta 38s"; dropped when the bar would get narrower than `minimumBarWidth`.
    public var label: String?
    public var fillStyle: CellStyle
    public var emptyStyle: CellStyle
    public var labelStyle: CellStyle
    public var glyphs: GlyphSet
    public var minimumBarWidth: Int

    public init(
        fraction: Double,
        label: String? = nil,
        fillStyle: CellStyle = .plain,
        emptyStyle: CellStyle = CellStyle(attributes: .dim),
        labelStyle: CellStyle = .plain,
        glyphs: GlyphSet = .unicode,
        minimumBarWidth: Int = 4
    ) {
        self.fraction = fraction
        self.label = label
        self.fillStyle = fillStyle
        self.emptyStyle = emptyStyle
        self.labelStyle = labelStyle
        self.glyphs = glyphs
        self.minimumBarWidth = minimumBarWidth
    }

    /// `fraction` clamped to 0...1.
    public var clampedFraction: Double {
        fraction.isNaN ? 0 : min(1, max(0, fraction))
    }

    /// A whole-percent label ("72%"), floored so 99.9% never reads as done.
    public static func percentText(_ fraction: Double) -> String {
        let f = fraction.isNaN ? 0 : min(1, max(0, fraction))
        return "\(Int((f * 100).rounded(.down)))%"
    }

    /// The bar's characters for `width` cells (no label), exposed for inline use and tests.
    public func barCharacters(width: Int) -> [Character] {
        guard width > 0 else { return [] }
        let useEighths = !glyphs.partialBlocks.isEmpty
        let resolution = useEighths ? 8 : 1
        let units = Int((clampedFraction * Double(width * resolution)).rounded(.down))
        let full = units / resolution
        let remainder = units % resolution
        var result = Array(repeating: glyphs.fullBlock, count: min(full, width))
        if result.count < width && remainder > 0 {
            result.append(glyphs.partialBlocks[remainder - 1])
        }
        while result.count < width { result.append(glyphs.emptyBlock) }
        return result
    }

    public func render(in area: Rect, buffer: inout CellBuffer) {
        guard !area.isEmpty else { return }
        var barWidth = area.width
        var labelText: String?
        if let label, !label.isEmpty {
            let labelWidth = DisplayWidth.of(label) + 1
            if area.width - labelWidth >= minimumBarWidth {
                barWidth = area.width - labelWidth
                labelText = label
            }
        }
        let filledCount = Int((clampedFraction * Double(barWidth)).rounded(.up))
        for (i, character) in barCharacters(width: barWidth).enumerated() {
            let style = i < filledCount && character != glyphs.emptyBlock ? fillStyle : emptyStyle
            buffer.set(Cell(character, style: style), x: area.x + i, y: area.y)
        }
        if let labelText {
            buffer.put(" " + labelText, x: area.x + barWidth, y: area.y, style: labelStyle, maxWidth: area.maxX - area.x - barWidth)
        }
    }
}
