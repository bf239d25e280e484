/// Why live mode could not go on, in one line, and which exit status that asks for.
public struct LiveError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Bad input (a malformed URL, a database that cannot be reached) is the operator's to fix
    /// and exits 2; an I/O failure of ours (a cluster that would not start) exits 3.
    public enum Kind: Sendable, Equatable {
        case input
        case io
    }
    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
    /// The process exit status this error asks for, as `simulate` uses them.
    public var exitStatus: Int32 { kind == .input ? 2 : 3 }
}
