/// One terminal cell: a grapheme and its style.
///
/// A wide grapheme (CJK, most emoji) occupies two cells: the first holds the
/// grapheme, the second is a *continuation* cell that backends skip, because the
/// terminal itself draws the right half.
public struct Cell: Hashable, Sendable {
    public var character: Character
    public var style: CellStyle
    /// True for the right half of a wide grapheme; it is never painted on its own.
    public var isContinuation: Bool

    public init(_ character: Character = " ", style: CellStyle = .plain) {
        self.character = character
        self.style = style
        self.isContinuation = false
    }

    /// A blank cell in the default style.
    public static let blank = Cell()

    /// The right half of a wide grapheme.
    static func continuation(style: CellStyle) -> Cell {
        var cell = Cell(" ", style: style)
        cell.isContinuation = true
        return cell
    }
}
