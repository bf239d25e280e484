/// A theme file problem: `file:line: problem`, on one line.
public struct ThemeError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        case unreadable
        case invalidYAML
        case unknownKey
        case badColor
        case missingKey
        case notFound
    }

    public var kind: Kind
    public var file: String
    public var line: Int
    public var problem: String

    public init(kind: Kind, file: String, line: Int, problem: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.problem = problem
    }

    public var description: String { "\(file):\(line): \(problem)" }
}
