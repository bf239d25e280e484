import AureonTUI

/// Word-wraps text to a width in terminal cells; paragraphs (blank lines) stay apart.
enum WrappedText {
    /// At most this many lines come out, so a huge briefing cannot stall a frame.
    static let lineLimit = 500

    static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var result: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                let candidate = line.isEmpty ? String(word) : line + " " + word
                if DisplayWidth.of(candidate) <= width || line.isEmpty {
                    line = candidate
                } else {
                    result.append(line)
                    line = String(word)
                }
                if result.count >= lineLimit { return result }
            }
            result.append(line)
        }
        while result.last?.isEmpty == true { result.removeLast() }
        return result
    }
}
