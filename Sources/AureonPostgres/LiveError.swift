import PostgresNIO

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

extension LiveError {
    /// A driver error in one short line: postgres-nio's own description hides the cause (to
    /// keep secrets out of logs), so name the code, the server's message or the socket error.
    public static func reason(_ error: any Error) -> String {
        if let live = error as? LiveError { return live.message }
        guard let driver = error as? PSQLError else { return String(String(describing: error).prefix(160)) }
        if let message = driver.serverInfo?[.message] { return String(message.prefix(160)) }
        if let underlying = driver.underlying { return String(String(describing: underlying).prefix(160)) }
        return driver.code.description
    }
}
