/// Splits a rectangle into parts along one direction.
///
/// Sizing is resolved in priority order: fixed lengths first, then
/// percentages, then minimums, and finally the remainder is shared by
/// `fill` and `min` parts by weight. When space runs out, later parts get
/// less, down to zero — the result always has one rectangle per constraint,
/// all inside the input, so callers can index it without checks.
public struct Layout: Hashable, Sendable {
    public var direction: Direction
    public var constraints: [Constraint]
    /// Empty cells between adjacent parts.
    public var spacing: Int

    public init(_ direction: Direction, _ constraints: [Constraint], spacing: Int = 0) {
        self.direction = direction
        self.constraints = constraints
        self.spacing = max(0, spacing)
    }

    /// Shorthand for a vertical layout.
    public static func vertical(_ constraints: [Constraint], spacing: Int = 0) -> Layout {
        Layout(.vertical, constraints, spacing: spacing)
    }

    /// Shorthand for a horizontal layout.
    public static func horizontal(_ constraints: [Constraint], spacing: Int = 0) -> Layout {
        Layout(.horizontal, constraints, spacing: spacing)
    }

    /// The sizes along the split axis for a total of `total` cells.
    public func sizes(total: Int) -> [Int] {
        let count = constraints.count
        guard count > 0 else { return [] }
        let gaps = spacing * (count - 1)
        var remaining = max(0, total - gaps)
        let available = remaining
        var sizes = Array(repeating: 0, count: count)

        func take(_ wanted: Int) -> Int {
            let granted = Swift.min(Swift.max(0, wanted), remaining)
            remaining -= granted
            return granted
        }
        for (i, c) in constraints.enumerated() {
            if case .length(let n) = c { sizes[i] = take(n) }
        }
        for (i, c) in constraints.enumerated() {
            if case .percentage(let p) = c {
                sizes[i] = take(available * Swift.min(Swift.max(0, p), 100) / 100)
            }
        }
        for (i, c) in constraints.enumerated() {
            if case .min(let n) = c { sizes[i] = take(n) }
        }
        var weights: [(index: Int, weight: Int)] = []
        for (i, c) in constraints.enumerated() {
            switch c {
            case .fill(let w): weights.append((i, Swift.max(0, w)))
            case .min: weights.append((i, 1))
            default: break
            }
        }
        let totalWeight = weights.reduce(0) { $0 + $1.weight }
        if totalWeight > 0 && remaining > 0 {
            let pool = remaining
            var handed = 0
            for (k, entry) in weights.enumerated() {
                // The last weighted part takes the rounding remainder so nothing is lost.
                let share = k == weights.count - 1 && entry.weight > 0
                    ? pool - handed
                    : pool * entry.weight / totalWeight
                sizes[entry.index] += share
                handed += share
            }
        }
        return sizes
    }

    /// The parts of `area`, one per constraint, in order.
    public func split(_ area: Rect) -> [Rect] {
        let total = direction == .vertical ? area.height : area.width
        let sizes = sizes(total: total)
        var offset = 0
        var rects: [Rect] = []
        rects.reserveCapacity(sizes.count)
        for (i, size) in sizes.enumerated() {
            let start = Swift.min(offset, total)
            switch direction {
            case .vertical:
                rects.append(Rect(x: area.x, y: area.y + start, width: area.width, height: Swift.min(size, total - start)))
            case .horizontal:
                rects.append(Rect(x: area.x + start, y: area.y, width: Swift.min(size, total - start), height: area.height))
            }
            offset += size + (i < sizes.count - 1 ? spacing : 0)
        }
        return rects
    }
}

extension Rect {
    /// Splits this rectangle into rows by `constraints`.
    public func splitVertically(_ constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        Layout.vertical(constraints, spacing: spacing).split(self)
    }

    /// Splits this rectangle into columns by `constraints`.
    public func splitHorizontally(_ constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        Layout.horizontal(constraints, spacing: spacing).split(self)
    }
}
