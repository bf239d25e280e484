import AureonPostgres
import Foundation
import Testing

/// A throwaway cluster, migrated, with one connection per name asked for; tests without the
/// PostgreSQL server programs installed are skipped (the trait below prints why).
final class PostgresFixture {
    static let binaries = PostgresBinaries.locate()
    static let available = binaries != nil
    static let skipReason: Comment = "PostgreSQL server programs (initdb, pg_ctl) are not installed"

    let server: ThrowawayPostgres
    private var queues: [LiveQueue] = []

    init() throws {
        guard let binaries = Self.binaries else { throw LiveError(.io, "no PostgreSQL binaries") }
        server = try ThrowawayPostgres(binaries: binaries)
    }

    /// A new connection (a node or the coordinator), migrated on first use.
    func queue() async throws -> LiveQueue {
        let queue = try await LiveQueue.connect(to: server.address)
        if queues.isEmpty { try await queue.migrate() }
        queues.append(queue)
        return queue
    }

    func close() async {
        for queue in queues { await queue.close() }
        queues.removeAll()
        server.stop()
    }
}
