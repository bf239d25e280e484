/// A keymap problem, located in its file when it came from one.
///
/// `description` is exactly one line, `path:line: problem`, so the CLI can
/// print it as-is and editors can jump to it.
public struct KeymapError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        case unreadable
        case notAMapping
        case unknownAction
        case unknownKey
        case duplicateBinding
    }

    public var kind: Kind
    /// The file, or `nil` for keymaps built in code.
    public var path: String?
    public var line: Int
    public var problem: String

    public init(kind: Kind, path: String?, line: Int, problem: String) {
        self.kind = kind
        self.path = path
        self.line = line
        self.problem = problem
    }

    public var description: String {
        if let path { return "\(path):\(line): \(problem)" }
        return problem
    }
}
