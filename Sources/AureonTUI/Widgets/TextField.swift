/// An editable single-line text value with a cursor: the model behind a ``Form`` field.
///
/// Editing lives here, not in the app, so every form in the console edits the
/// same way (←/→, Home/End, Backspace/Delete, typed characters).
public struct TextField: Hashable, Sendable {
    public var text: String
    /// Cursor position in characters, 0...text.count.
    public private(set) var cursor: Int

    public init(_ text: String = "", cursor: Int? = nil) {
        self.text = text
        self.cursor = min(max(0, cursor ?? text.count), text.count)
    }

    /// Applies an editing key; returns `false` for keys the field does not handle (Tab, Enter, Esc…)
    /// so the caller can treat them as navigation.
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home: cursor = 0
        case .end: cursor = text.count
        case .backspace:
            guard cursor > 0 else { return true }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor - 1))
            cursor -= 1
        case .delete:
            guard cursor < text.count else { return true }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor))
        case .character(let c):
            guard DisplayWidth.of(c) > 0 else { return false }
            text.insert(c, at: text.index(text.startIndex, offsetBy: cursor))
            cursor += 1
        default:
            return false
        }
        return true
    }
}
