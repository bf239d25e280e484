/// How much of a value the user wrote is repeated back in a message. A 4,000-byte run id or a
/// pasted log line must not turn a one-line complaint into a screenful, and control characters
/// (a newline in a quoted YAML string) must not split it.
public enum EchoedValue {
    /// Characters of a value shown in a message; longer values end in "…".
    public static let maxCharacters = 80

    /// `text`, cut to ``maxCharacters`` with control characters made visible.
    public static func cut(_ text: String) -> String {
        var result = ""
        var count = 0
        for character in text {
            guard count < maxCharacters else { return result + "…" }
            if character.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .control }) {
                result += character.unicodeScalars.map { "\\u{\(String($0.value, radix: 16))}" }.joined()
            } else {
                result.append(character)
            }
            count += 1
        }
        return result
    }
}
