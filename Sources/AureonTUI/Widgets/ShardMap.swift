/// One cell per shard, coloured by state, wrapping to fill its rectangle.
///
/// When there are more shards than cells, the tail is replaced by "+N more" so
/// the operator knows the map is partial rather than reading it as complete.
public struct ShardMap: Widget {
    /// How one shard is drawn.
    public struct Shard: Hashable, Sendable {
        public var symbol: Character
        public var style: CellStyle

        public init(symbol: Character, style: CellStyle = .plain) {
            self.symbol = symbol
            self.style = style
        }
    }

    public var shards: [Shard]
    public var overflowStyle: CellStyle

    public init(shards: [Shard], overflowStyle: CellStyle = CellStyle(attributes: .dim)) {
        self.shards = shards
        self.overflowStyle = overflowStyle
    }

    /// How many shards are drawn in an area of `capacity` cells, and the overflow text if any.
    public static func plan(count: Int, capacity: Int) -> (shown: Int, overflow: String?) {
        guard count > capacity else { return (count, nil) }
        guard capacity > 0 else { return (0, nil) }
        // The suffix length depends on N, which depends on the suffix length: iterate to a fixed point.
        var shown = capacity
        for _ in 0..<4 {
            let suffix = "+\(count - shown) more"
            shown = max(0, capacity - suffix.count - 1)
        }
        let suffix = "+\(count - shown) more"
        if shown == 0 {
            return (0, "+\(count)".truncated(toWidth: capacity, ellipsis: ""))
        }
        return (shown, " " + suffix)
    }

    public func render(in area: Rect, buffer: inout CellBuffer) {
        guard !area.isEmpty else { return }
        let (shown, overflow) = Self.plan(count: shards.count, capacity: area.area)
        for i in 0..<shown {
            let shard = shards[i]
            buffer.set(Cell(shard.symbol, style: shard.style), x: area.x + i % area.width, y: area.y + i / area.width)
        }
        if let overflow {
            // Write the suffix cell by cell so it may wrap onto the next row like the shards do.
            var i = shown
            for character in overflow where i < area.area {
                buffer.set(Cell(character, style: overflowStyle), x: area.x + i % area.width, y: area.y + i / area.width)
                i += 1
            }
        }
    }
}
