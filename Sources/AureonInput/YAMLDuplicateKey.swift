import Yams

/// Yams refuses a mapping with a repeated key but reports only the first occurrence's mark (and
/// for some documents none). The user needs the line of the second one — the line to delete —
/// so this finds it in the text.
public enum YAMLDuplicateKey {
    /// The key and the 1-based line of its second occurrence, for a `duplicatedKeysInMapping`
    /// error; nil for any other error.
    public static func locate(_ error: YamlError, in text: String) -> (key: String, line: Int)? {
        guard case let .duplicatedKeysInMapping(duplicates, context) = error, let key = duplicates.first else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Every place the key is written as a key, in document order, from the first one on.
        var found: [(line: Int, column: Int)] = []
        for (offset, line) in lines.enumerated() where offset + 1 >= max(1, context.mark.line) {
            found += occurrences(of: key, in: line).map { (offset + 1, $0) }
        }
        guard let first = found.first else { return (key, max(1, context.mark.line)) }
        let rest = found.dropFirst()
        // Block mappings: the repeat sits at the same indentation (a nested mapping's key of the
        // same name does not); flow mappings: the next occurrence.
        let second = rest.first(where: { $0.column == first.column && $0.line != first.line }) ?? rest.first
        return (key, second?.line ?? first.line)
    }

    /// 0-based columns where `key` (plain or quoted) starts as a mapping key on `line`: after
    /// indentation, `{`, `,`, `- ` or `? `, and followed by optional spaces and `:`.
    static func occurrences(of key: String, in line: String) -> [Int] {
        let characters = Array(line)
        var columns: [Int] = []
        for candidate in [key, "\"\(key)\"", "'\(key)'"] {
            let pattern = Array(candidate)
            guard pattern.count <= characters.count else { continue }
            for start in 0...(characters.count - pattern.count) where Array(characters[start..<start + pattern.count]) == pattern {
                let before = characters[..<start].last(where: { $0 != " " && $0 != "\t" })
                guard before == nil || before == "{" || before == "," || before == "-" || before == "?" else { continue }
                var after = start + pattern.count
                while after < characters.count, characters[after] == " " { after += 1 }
                guard after < characters.count, characters[after] == ":" else { continue }
                columns.append(start)
            }
        }
        return columns.sorted()
    }
}
