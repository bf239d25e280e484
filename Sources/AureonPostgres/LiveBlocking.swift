import PostgresNIO

/// The command line is synchronous (ArgumentParser's `ParsableCommand`); live mode's database
/// work is async. This runs one async body to completion and blocks the calling thread for its
/// result — only ever from outside postgres-nio's event loop group.
///
/// The body runs on an event loop of that group (see ``EventLoopTaskExecutor``), not on the
/// cooperative thread pool: the pool has one thread per core, and whoever blocks those
/// threads — a test waiting for a child process, another blocking caller — would otherwise
/// starve the very task this caller waits for (two such callers on two cores deadlock).
public enum LiveBlocking {
    private static let executor = EventLoopTaskExecutor(PostgresConnection.defaultEventLoopGroup.any())

    public static func run<Value: Sendable>(_ body: @escaping @Sendable () async throws -> Value) throws -> Value {
        let promise = executor.loop.makePromise(of: Value.self)
        Task(executorPreference: executor) {
            do { promise.succeed(try await body()) } catch { promise.fail(error) }
        }
        return try promise.futureResult.wait()
    }
}

extension LiveBlocking {
    /// Runs a cleanup body to completion, ignoring its failure (for `defer`).
    public static func finish(_ body: @escaping @Sendable () async -> Void) {
        _ = try? run { await body() }
    }
}

/// A task executor that runs jobs on one NIO event loop: tasks preferring it (and their
/// children) never need a thread of the cooperative pool.
final class EventLoopTaskExecutor: TaskExecutor {
    let loop: any EventLoop

    init(_ loop: any EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
