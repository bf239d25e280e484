/// Bad input from a file or a flag: one line naming where (`file:line: problem`) and what.
/// The CLI prints it and exits with status 2.
public struct InputError: Error, Equatable, CustomStringConvertible {
    public let file: String?
    public let line: Int?
    public let message: String

    public init(file: String? = nil, line: Int? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// Always one line: a control character anywhere (a newline in a value, a path) is shown
    /// as an escape rather than allowed to split the message.
    public var description: String {
        let text = switch (file, line) {
        case let (file?, line?): "\(file):\(line): \(message)"
        case let (file?, nil): "\(file): \(message)"
        default: message
        }
        guard text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return text }
        return String(text.unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }.joined())
    }
}
