/// How many terminal columns a grapheme occupies.
///
/// A deliberately small approximation of `wcwidth`: East Asian Wide/Fullwidth
/// ranges and emoji-presentation graphemes are 2 columns, control characters 0,
/// everything else 1 (including ambiguous-width box drawing, which terminals in
/// Western locales draw narrow). It errs towards 1, so the worst case is a
/// slightly misaligned row, never a write outside the buffer.
public enum DisplayWidth {
    public static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        let value = first.value
        if value < 0x20 || (0x7f..<0xa0).contains(value) { return 0 }
        if value < 0x1100 { return 1 }
        if character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        if first.properties.isEmojiPresentation { return 2 }
        if isWide(value) { return 2 }
        return 1
    }

    /// The width of a whole string, summing per-grapheme widths.
    public static func of(_ string: some StringProtocol) -> Int {
        var total = 0
        for character in string { total += of(character) }
        return total
    }

    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
             0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}

extension String {
    /// The string cut to at most `columns` display columns, with `ellipsis` when cut.
    /// Used by table cells and titles so long names never push a border out of place.
    public func truncated(toWidth columns: Int, ellipsis: String = "…") -> String {
        guard columns > 0 else { return "" }
        if DisplayWidth.of(self) <= columns { return self }
        let ellipsisWidth = DisplayWidth.of(ellipsis)
        let budget = ellipsisWidth < columns ? columns - ellipsisWidth : columns
        var result = ""
        var used = 0
        for character in self {
            let w = DisplayWidth.of(character)
            if used + w > budget { break }
            result.append(character)
            used += w
        }
        return ellipsisWidth < columns ? result + ellipsis : result
    }

    /// The string padded with spaces (or cut) to exactly `columns` display columns.
    public func padded(toWidth columns: Int, alignment: TextAlignment = .left, ellipsis: String = "…") -> String {
        let cut = truncated(toWidth: columns, ellipsis: ellipsis)
        let gap = max(0, columns - DisplayWidth.of(cut))
        switch alignment {
        case .left: return cut + String(repeating: " ", count: gap)
        case .right: return String(repeating: " ", count: gap) + cut
        case .center:
            let left = gap / 2
            return String(repeating: " ", count: left) + cut + String(repeating: " ", count: gap - left)
        }
    }
}

/// Horizontal alignment of text within a width.
public enum TextAlignment: Sendable, Hashable {
    case left, center, right
}
