import PostgresNIO

/// An operator's order to a node, carried by the `control` table.
/// (Stand-in written to the contract in live-contract.md; main's version replaces it at the merge.)
public enum ControlAction: String, Sendable { case drain, resume, kill }

extension LiveQueue {
    /// Appends a request for `node` (by name) and logs `control_requested`; returns its id.
    public func request(_ action: ControlAction, for node: String) async throws -> Int64 {
        var binds = PostgresBindings()
        binds.append(node)
        binds.append(action.rawValue)
        let sql = """
            WITH asked AS (
                INSERT INTO control (node, action) VALUES ($1, $2) RETURNING id
            ), logged AS (
                INSERT INTO events (kind, node, detail) SELECT 'control_requested', $1, $2 FROM asked
            )
            SELECT id FROM asked
            """
        guard let row = try await rows(sql, binds).first else { throw LiveError(.io, "the database returned no row") }
        return try row.decode(Int64.self)
    }
}
