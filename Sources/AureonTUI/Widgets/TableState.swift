/// Selection and scroll position of a ``Table``, owned by the app between frames.
///
/// Kept separate from the table so the table itself can be rebuilt every
/// frame from fresh data while the operator's place in it persists.
public struct TableState: Hashable, Sendable {
    /// The selected row index, or `nil` for no selection.
    public var selected: Int?
    /// The first visible row.
    public var offset: Int

    public init(selected: Int? = 0, offset: Int = 0) {
        self.selected = selected
        self.offset = max(0, offset)
    }

    /// Moves the selection by `delta` rows, clamped to `0..<rowCount`.
    public mutating func moveSelection(by delta: Int, rowCount: Int) {
        guard rowCount > 0 else {
            selected = nil
            return
        }
        let current = selected ?? (delta >= 0 ? -1 : rowCount)
        selected = min(max(0, current + delta), rowCount - 1)
    }

    /// Selects the first row (`g`).
    public mutating func selectFirst(rowCount: Int) {
        selected = rowCount > 0 ? 0 : nil
    }

    /// Selects the last row (`G`).
    public mutating func selectLast(rowCount: Int) {
        selected = rowCount > 0 ? rowCount - 1 : nil
    }

    /// Adjusts `offset` so the selection is on screen and no space is wasted past the last row.
    ///
    /// Called by the table while rendering, when it knows how many rows fit;
    /// clamps a stale selection after the data shrank.
    public mutating func scrollToSelection(visibleRows: Int, rowCount: Int) {
        guard rowCount > 0 else {
            selected = nil
            offset = 0
            return
        }
        if let s = selected { selected = min(max(0, s), rowCount - 1) }
        let visible = max(1, visibleRows)
        if let s = selected {
            if s < offset { offset = s }
            if s >= offset + visible { offset = s - visible + 1 }
        }
        offset = min(max(0, offset), max(0, rowCount - visible))
    }
}
