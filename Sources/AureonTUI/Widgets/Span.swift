/// A run of text in one style: the unit that status bars and table cells are built from.
public struct Span: Hashable, Sendable, ExpressibleByStringLiteral {
    public var text: String
    public var style: CellStyle

    public init(_ text: String, style: CellStyle = .plain) {
        self.text = text
        self.style = style
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// Display width in terminal columns.
    public var width: Int { DisplayWidth.of(text) }
}

/// A single line of styled spans, clipped (never wrapped) to its area.
public struct Line: Hashable, Sendable, Widget, ExpressibleByStringLiteral {
    public var spans: [Span]
    public var alignment: TextAlignment

    public init(_ spans: [Span], alignment: TextAlignment = .left) {
        self.spans = spans
        self.alignment = alignment
    }

    public init(_ text: String, style: CellStyle = .plain, alignment: TextAlignment = .left) {
        self.init([Span(text, style: style)], alignment: alignment)
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    public var width: Int { spans.reduce(0) { $0 + $1.width } }

    /// Draws on the first row of `area`.
    public func render(in area: Rect, buffer: inout CellBuffer) {
        guard !area.isEmpty else { return }
        let slack = max(0, area.width - width)
        var x = area.x
        switch alignment {
        case .left: break
        case .center: x += slack / 2
        case .right: x += slack
        }
        for span in spans {
            guard x < area.maxX else { break }
            x = buffer.put(span.text, x: x, y: area.y, style: span.style, maxWidth: area.maxX - x)
        }
    }
}
