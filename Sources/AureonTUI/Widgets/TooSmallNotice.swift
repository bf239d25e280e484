/// Shown instead of the console when the terminal is smaller than the layout needs.
///
/// Says exactly what size is needed and what there is, so the operator knows
/// how far to resize; shortens itself step by step down to a single cell,
/// because a 1×1 terminal must still not crash the app.
public struct TooSmallNotice: Widget {
    public var requiredWidth: Int
    public var requiredHeight: Int
    public var actualWidth: Int
    public var actualHeight: Int
    public var style: CellStyle
    public var glyphs: GlyphSet

    public init(requiredWidth: Int, requiredHeight: Int, actualWidth: Int, actualHeight: Int,
                style: CellStyle = CellStyle(attributes: .bold), glyphs: GlyphSet = .unicode) {
        self.requiredWidth = requiredWidth
        self.requiredHeight = requiredHeight
        self.actualWidth = actualWidth
        self.actualHeight = actualHeight
        self.style = style
        self.glyphs = glyphs
    }

    /// Whether a terminal of the given size needs the notice at all.
    public static func isNeeded(width: Int, height: Int, requiredWidth: Int, requiredHeight: Int) -> Bool {
        width < requiredWidth || height < requiredHeight
    }

    /// Candidate texts from most to least informative; each is one or more lines.
    public func candidates() -> [[String]] {
        let x = glyphs.times
        let need = "\(requiredWidth)\(x)\(requiredHeight)"
        let have = "\(actualWidth)\(x)\(actualHeight)"
        return [
            ["Terminal too small: need \(need), have \(have)"],
            ["Terminal too small", "need \(need), have \(have)"],
            ["Too small", "need \(need)", "have \(have)"],
            ["need \(need)", "have \(have)"],
            ["need \(need)"],
            [need],
            ["!"],
        ]
    }

    /// The lines that will be shown in an area of `width`×`height`.
    public func lines(width: Int, height: Int) -> [String] {
        guard width > 0, height > 0 else { return [] }
        for candidate in candidates() where candidate.count <= height && candidate.allSatisfy({ DisplayWidth.of($0) <= width }) {
            return candidate
        }
        return ["!"]
    }

    public func render(in area: Rect, buffer: inout CellBuffer) {
        guard !area.isEmpty else { return }
        buffer.clear(area)
        let shown = lines(width: area.width, height: area.height)
        let top = area.y + (area.height - shown.count) / 2
        for (i, line) in shown.enumerated() {
            let x = area.x + (area.width - DisplayWidth.of(line)) / 2
            buffer.put(line, x: x, y: top + i, style: style, maxWidth: area.maxX - x)
        }
    }
}
