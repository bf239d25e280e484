import AureonCluster
import PostgresNIO

/// What an operator (a console, a script) may ask of a node through the `control` table. The
/// node reads its requests at every heartbeat, obeys and marks each handled, so a request
/// reaches a node on another machine as surely as one started by this console.
public enum ControlAction: String, Sendable, CaseIterable {
    case drain
    case resume
    /// Exit at once, as SIGKILL would end it (for a node this console did not start).
    case kill
}

/// A request not yet handled.
public struct ControlRequest: Sendable, Equatable {
    public let id: Int64
    public let action: ControlAction
}

extension LiveQueue {
    /// How many pending requests one read returns (a node handles the rest at its next heartbeat).
    static let controlPage = 64

    /// Appends a request for the node named `node`; returns its id. The history records it as
    /// a narration, so the check and the console can tell who asked for what.
    public func request(_ action: ControlAction, for node: String) async throws -> Int64 {
        var binds = PostgresBindings()
        binds.append(node)
        binds.append(action.rawValue)
        let sql = """
            WITH asked AS (
                INSERT INTO control (node, action) VALUES ($1, $2) RETURNING id
            ), logged AS (
                INSERT INTO events (kind, node, detail) SELECT '\(EventKind.narration.rawValue)', $1, 'operator requested ' || $2 FROM asked
            )
            SELECT id FROM asked
            """
        guard let row = try await rows(sql, binds).first else { throw LiveError(.io, "the database returned no row") }
        return try row.decode(Int64.self)
    }

    /// The requests for `node` not yet handled, oldest first.
    public func pendingControl(for node: String) async throws -> [ControlRequest] {
        var binds = PostgresBindings()
        binds.append(node)
        binds.append(Self.controlPage)
        var requests: [ControlRequest] = []
        for row in try await rows("SELECT id, action FROM control WHERE node = $1 AND handled_at IS NULL ORDER BY id LIMIT $2", binds) {
            let (id, action) = try row.decode((Int64, String).self)
            guard let known = ControlAction(rawValue: action) else { continue }  // the table's CHECK admits no other
            requests.append(ControlRequest(id: id, action: known))
        }
        return requests
    }

    public func markHandled(_ id: Int64) async throws {
        var binds = PostgresBindings()
        binds.append(id)
        _ = try await rows("UPDATE control SET handled_at = now() WHERE id = $1 AND handled_at IS NULL", binds)
    }

    /// Appends something a node observed itself (a lease it gave up, a failed checkpoint write,
    /// a rejoin) to the history; `shard` names the shard concerned, if any.
    public func record(_ kind: EventKind, node: NodeIdentity, shard: Int64?, epoch: Int64?, detail: String) async throws {
        var binds = PostgresBindings()
        binds.append(kind.rawValue)
        binds.append(node.name)
        binds.append(node.incarnation)
        binds.append(shard)
        binds.append(epoch)
        binds.append(String(detail.prefix(500)))
        _ = try await rows("INSERT INTO events (kind, node, incarnation, shard_id, epoch, detail) VALUES ($1, $2, $3, $4, $5, $6)", binds)
    }
}
