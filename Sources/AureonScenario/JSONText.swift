/// Minimal JSON writing with a fixed key order, so that output is byte-for-byte stable.
public enum JSONText {
    public static func string(_ text: String) -> String {
        // Names, kinds and most details need no escape: copied whole, not scalar by scalar.
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }) {
            return "\"" + text + "\""
        }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A number as JSON: integers stay integers; non-finite values become null.
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// An object from ordered (key, already-encoded value) pairs.
    public static func object(_ pairs: [(String, String)]) -> String {
        enclosed(in: "{", "}", count: pairs.count) { out, index in
            out += string(pairs[index].0)
            out += ":"
            out += pairs[index].1
        }
    }

    public static func array(_ items: [String]) -> String { enclosed(in: "[", "]", count: items.count) { $0 += items[$1] } }

    /// `count` parts written by `part`, comma-separated between `open` and `close`, into one
    /// string (a summary is a few hundred parts: mapping and joining them copied each twice).
    private static func enclosed(in open: String, _ close: String, count: Int, part: (inout String, Int) -> Void) -> String {
        var out = open
        for index in 0..<count {
            if index > 0 { out += "," }
            part(&out, index)
        }
        out += close
        return out
    }
}
