/// How much of a split one part asks for.
///
/// The vocabulary of ratatui's constraints, trimmed to what a dashboard needs.
public enum Constraint: Hashable, Sendable {
    /// Exactly this many cells (less if there is not enough room).
    case length(Int)
    /// This percentage (0–100) of the total.
    case percentage(Int)
    /// At least this many cells; grows like ``fill(_:)`` with weight 1 when there is room.
    case min(Int)
    /// A share of whatever is left after the other constraints, by weight.
    case fill(Int)
}

/// The direction in which a ``Layout`` splits.
public enum Direction: Hashable, Sendable {
    /// Parts stacked top to bottom (rows).
    case vertical
    /// Parts side by side, left to right (columns).
    case horizontal
}
