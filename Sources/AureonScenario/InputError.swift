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

    public var description: String {
        switch (file, line) {
        case let (file?, line?): "\(file):\(line): \(message)"
        case let (file?, nil): "\(file): \(message)"
        default: message
        }
    }
}
