/// A one-row chart of recent values, newest at the right (▁▂▃▅▆▇█).
///
/// Used for throughput in the status bar, where a trend matters more than
/// exact numbers.
public struct Sparkline: Widget {
    public var values: [Double]
    /// The value drawn as a full block; `nil` uses the largest value shown.
    public var maximum: Double?
    public var style: CellStyle
    public var glyphs: GlyphSet

    public init(values: [Double], maximum: Double? = nil, style: CellStyle = .plain, glyphs: GlyphSet = .unicode) {
        self.values = values
        self.maximum = maximum
        self.style = style
        self.glyphs = glyphs
    }

    /// The glyph level (0 = lowest, `levels.count - 1` = full) for `value` against `maximum`.
    /// Zero, negative and NaN values get the lowest level so a quiet period still shows a baseline.
    public static func level(for value: Double, maximum: Double, levels: Int) -> Int {
        guard levels > 0 else { return 0 }
        guard maximum > 0, value.isFinite, value > 0 else { return 0 }
        let scaled = (min(value, maximum) / maximum) * Double(levels - 1)
        return min(levels - 1, max(0, Int(scaled.rounded())))
    }

    /// The sparkline as a string of at most `width` glyphs (the most recent values).
    public func string(width: Int? = nil) -> String {
        let shown = width.map { Array(values.suffix(max(0, $0))) } ?? values
        let top = maximum ?? shown.filter(\.isFinite).max() ?? 0
        return String(shown.map { glyphs.levels[Self.level(for: $0, maximum: top, levels: glyphs.levels.count)] })
    }

    public func render(in area: Rect, buffer: inout CellBuffer) {
        guard !area.isEmpty else { return }
        let text = string(width: area.width)
        // Right-align: the newest sample sits at the right edge.
        let x = area.maxX - text.count
        buffer.put(text, x: x, y: area.y, style: style, maxWidth: text.count)
    }
}
