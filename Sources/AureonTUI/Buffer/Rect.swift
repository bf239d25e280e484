/// A rectangle of cells, in buffer coordinates (x to the right, y down).
///
/// Width and height are never negative: every initialiser and helper clamps,
/// so layout arithmetic on a tiny terminal yields empty rectangles rather than traps.
public struct Rect: Hashable, Sendable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public private(set) var width: Int
    public private(set) var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// A rectangle at the origin, e.g. a whole screen.
    public init(width: Int, height: Int) {
        self.init(x: 0, y: 0, width: width, height: height)
    }

    public static let zero = Rect(width: 0, height: 0)

    public var isEmpty: Bool { width == 0 || height == 0 }
    /// One past the right-most column.
    public var maxX: Int { x &+ width }
    /// One past the bottom row.
    public var maxY: Int { y &+ height }
    public var area: Int { width * height }

    public var description: String { "Rect(x: \(x), y: \(y), \(width)×\(height))" }

    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < maxX && py >= y && py < maxY
    }

    /// Shrinks by `horizontal` columns on each side and `vertical` rows on top and bottom.
    public func inset(horizontal: Int, vertical: Int) -> Rect {
        inset(top: vertical, left: horizontal, bottom: vertical, right: horizontal)
    }

    /// Shrinks by `amount` on all four sides.
    public func inset(by amount: Int) -> Rect {
        inset(horizontal: amount, vertical: amount)
    }

    /// Shrinks each edge independently; collapses to an empty rectangle instead of inverting.
    public func inset(top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0) -> Rect {
        let newX = x + min(max(0, left), width)
        let newY = y + min(max(0, top), height)
        return Rect(
            x: newX,
            y: newY,
            width: width - max(0, left) - max(0, right),
            height: height - max(0, top) - max(0, bottom)
        )
    }

    /// The overlap of two rectangles (empty when they do not overlap).
    public func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x)
        let top = max(y, other.y)
        let right = min(maxX, other.maxX)
        let bottom = min(maxY, other.maxY)
        return Rect(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// Splits off the top `rows` rows: `(top, rest)`. Clamped to the height.
    public func splitTop(_ rows: Int) -> (top: Rect, rest: Rect) {
        let taken = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: taken),
                Rect(x: x, y: y + taken, width: width, height: height - taken))
    }

    /// Splits off the bottom `rows` rows: `(rest, bottom)`. Clamped to the height.
    public func splitBottom(_ rows: Int) -> (rest: Rect, bottom: Rect) {
        let taken = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: height - taken),
                Rect(x: x, y: y + height - taken, width: width, height: taken))
    }

    /// Splits off the left `columns` columns: `(left, rest)`. Clamped to the width.
    public func splitLeft(_ columns: Int) -> (left: Rect, rest: Rect) {
        let taken = min(max(0, columns), width)
        return (Rect(x: x, y: y, width: taken, height: height),
                Rect(x: x + taken, y: y, width: width - taken, height: height))
    }

    /// A rectangle of at most `width`×`height`, centred in this one.
    public func centered(width w: Int, height h: Int) -> Rect {
        let cw = min(max(0, w), width)
        let ch = min(max(0, h), height)
        return Rect(x: x + (width - cw) / 2, y: y + (height - ch) / 2, width: cw, height: ch)
    }
}
