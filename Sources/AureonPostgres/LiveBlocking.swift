import PostgresNIO

/// The command line is synchronous (ArgumentParser's `ParsableCommand`); live mode's database
/// work is async. This runs one async body to completion on postgres-nio's event loop group
/// and blocks the calling (main) thread for its result — only ever from outside that group.
public enum LiveBlocking {
    public static func run<Value: Sendable>(_ body: @escaping @Sendable () async throws -> Value) throws -> Value {
        try PostgresConnection.defaultEventLoopGroup.any().makeFutureWithTask(body).wait()
    }
}

extension LiveBlocking {
    /// Runs a cleanup body to completion, ignoring its failure (for `defer`).
    public static func finish(_ body: @escaping @Sendable () async -> Void) {
        _ = try? run { await body() }
    }
}
