/// A key press, normalised across terminals.
///
/// Every key has a stable text ``name`` (`"j"`, `"J"`, `"enter"`, `"esc"`,
/// `"shift-tab"`, `"space"`, `"f1"`, `"ctrl-c"`) used in keymap files and help
/// screens; ``init(name:)`` parses the same names back, so a key survives a
/// round trip through a YAML file.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    /// A printable character, or a control character for Ctrl-letter combinations
    /// (Ctrl-C is `"\u{03}"`, named `ctrl-c`).
    case character(Character)
    case up, down, left, right
    case enter, escape, tab, backTab
    case backspace, delete
    case home, end, pageUp, pageDown
    /// F1 is `.function(1)`.
    case function(Int)

    /// Ctrl plus a letter, e.g. `Key.control("c")`; `nil` for anything but a–z.
    public static func control(_ letter: Character) -> Key? {
        guard let ascii = letter.lowercased().unicodeScalars.first?.value,
              letter.lowercased().unicodeScalars.count == 1,
              (0x61...0x7a).contains(ascii) else { return nil }
        return Key(normalizing: Character(Unicode.Scalar(ascii - 0x60)!))
    }

    /// The key for a raw character as a terminal sends it: CR/LF become `.enter`,
    /// TAB `.tab`, ESC `.escape`, DEL and BS `.backspace`; other characters stay as they are.
    public init(normalizing character: Character) {
        switch character {
        case "\r", "\n", "\r\n": self = .enter
        case "\t": self = .tab
        case "\u{1b}": self = .escape
        case "\u{7f}", "\u{08}": self = .backspace
        default: self = .character(character)
        }
    }

    private static let named: [(String, Key)] = [
        ("up", .up), ("down", .down), ("left", .left), ("right", .right),
        ("enter", .enter), ("esc", .escape), ("tab", .tab), ("shift-tab", .backTab),
        ("backspace", .backspace), ("delete", .delete), ("home", .home), ("end", .end),
        ("pgup", .pageUp), ("pgdown", .pageDown), ("space", .character(" ")),
    ]

    /// Extra spellings accepted when parsing, never produced.
    private static let aliases: [String: Key] = [
        "return": .enter, "escape": .escape, "backtab": .backTab, "btab": .backTab,
        "del": .delete, "pageup": .pageUp, "page-up": .pageUp, "pagedown": .pageDown,
        "page-down": .pageDown, "pgdn": .pageDown, "bs": .backspace,
    ]

    /// The canonical name, as written in keymap files and shown in help.
    public var name: String {
        switch self {
        case .character(let c):
            if c == " " { return "space" }
            if let v = c.unicodeScalars.first?.value, c.unicodeScalars.count == 1, (1...26).contains(v) {
                return "ctrl-" + String(Character(Unicode.Scalar(v + 0x60)!))
            }
            return String(c)
        case .function(let n):
            return "f\(n)"
        default:
            return Self.named.first { $0.1 == self }!.0
        }
    }

    /// A compact label for key-hint lines: arrows as ↑↓←→ and Enter as ⏎ when Unicode is available.
    public func hintLabel(unicode: Bool) -> String {
        guard unicode else { return name }
        switch self {
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .enter: return "⏎"
        default: return name
        }
    }

    /// Parses a key name. Single characters are case-sensitive (`j` ≠ `J`);
    /// named keys are not (`Enter`, `ESC`). Returns `nil` for an unknown name.
    public init?(name raw: String) {
        let text = raw.trimmingWhitespace()
        if text.count == 1, let c = text.first {
            // A literal space or control character is not a valid name; use "space", "ctrl-c".
            guard c != " ", DisplayWidth.of(c) > 0 else { return nil }
            self = Key(normalizing: c)
            return
        }
        let lower = text.lowercased()
        if let match = Self.named.first(where: { $0.0 == lower }) {
            self = match.1
            return
        }
        if let alias = Self.aliases[lower] {
            self = alias
            return
        }
        if lower.hasPrefix("ctrl-") || lower.hasPrefix("c-") || lower.hasPrefix("^") {
            let rest = lower.hasPrefix("ctrl-") ? lower.dropFirst(5) : lower.hasPrefix("c-") ? lower.dropFirst(2) : lower.dropFirst(1)
            guard rest.count == 1, let letter = rest.first, let key = Key.control(letter) else { return nil }
            // ctrl-i / ctrl-m / ctrl-h are indistinguishable from tab / enter / backspace on a terminal.
            self = key
            return
        }
        if lower.hasPrefix("f"), let n = Int(lower.dropFirst()), (1...63).contains(n) {
            self = .function(n)
            return
        }
        return nil
    }

    public var description: String { name }

    /// Why a key a file names cannot reach the console, or nil if it can. A terminal sends
    /// ctrl-i, ctrl-m, ctrl-j and ctrl-h as the very bytes of tab, enter and backspace, and
    /// has no function keys past F12 on most keyboards; binding one would be a silent no-op.
    public static func undeliverableReason(name raw: String) -> String? {
        let lower = raw.trimmingWhitespace().lowercased()
        for prefix in ["ctrl-", "c-", "^"] where lower.hasPrefix(prefix) && lower.count == prefix.count + 1 {
            switch lower.last {
            case "i": return "cannot be told apart from tab on a terminal"
            case "m", "j": return "cannot be told apart from enter on a terminal"
            case "h": return "cannot be told apart from backspace on a terminal"
            default: return nil
            }
        }
        if lower.hasPrefix("f"), let number = Int(lower.dropFirst()), number > 12 {
            return "is beyond F12, which terminals do not send"
        }
        return nil
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines (no Foundation needed).
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
