import AureonCluster
import PostgresNIO

/// The queue over PostgreSQL. Every node-side write — lease, renewal, checkpoint, ack, nack —
/// is one statement that both checks the fencing epoch and appends what it did (or that it
/// was refused, as `stale_write_rejected`) to the events table, so the history can never
/// disagree with the state it describes.
public struct LiveQueue: Sendable {
    public let connection: PostgresConnection
    let logger: Logger

    public init(connection: PostgresConnection, logger: Logger = LiveLog.quiet) {
        self.connection = connection
        self.logger = logger
    }

    /// Connects to `address`; a database that cannot be reached is bad input in one line.
    public static func connect(to address: DatabaseAddress, logger: Logger = LiveLog.quiet) async throws(LiveError) -> LiveQueue {
        do {
            let connection = try await PostgresConnection.connect(configuration: address.configuration, id: 1, logger: logger)
            return LiveQueue(connection: connection, logger: logger)
        } catch {
            throw LiveError(.input, "cannot reach the database at \(address): \(LiveError.reason(error))")
        }
    }

    /// Brings the database to the newest schema (see `LiveSchema`).
    public func migrate() async throws {
        try await LiveSchema.migrate(connection, logger: logger)
    }

    public func close() async {
        try? await connection.close()
    }

    // MARK: Runs and nodes

    /// Creates a run and enqueues its shards, visible at once; returns the run's id.
    public func schedule(run name: String, maxReceiveCount: Int, shards: [ShardSpec]) async throws -> Int64 {
        var binds = PostgresBindings()
        binds.append(name)
        binds.append(maxReceiveCount)
        binds.append(shards.map(\.key))
        binds.append(shards.map { $0.placement ?? "" })
        binds.append(shards.map(\.workMicros))
        let sql = """
            WITH run AS (
                INSERT INTO runs (name, max_receive_count) VALUES ($1, $2) RETURNING id
            ), added AS (
                INSERT INTO shards (run_id, shard_key, placement, work_micros)
                SELECT run.id, k, NULLIF(p, ''), w FROM run, unnest($3::text[], $4::text[], $5::bigint[]) AS s (k, p, w)
                RETURNING id
            ), logged AS (
                INSERT INTO events (kind, detail) SELECT '\(EventKind.runScheduled.rawValue)', $1 || ': ' || (SELECT count(*) FROM added) || ' shards'
            )
            SELECT id FROM run
            """
        return try await single(Int64.self, sql, binds)
    }

    /// Joins `name` as its next incarnation (the first is 1), healthy, heartbeat now.
    public func join(node name: String, pid: Int, host: String) async throws -> NodeIdentity {
        var binds = PostgresBindings()
        binds.append(name)
        binds.append(pid)
        binds.append(host)
        let sql = """
            WITH joined AS (
                INSERT INTO nodes (name, incarnation, health, heartbeat_at, pid, host) VALUES ($1, 1, 'healthy', now(), $2, $3)
                ON CONFLICT (name) DO UPDATE SET incarnation = nodes.incarnation + 1, health = 'healthy',
                    heartbeat_at = now(), pid = excluded.pid, host = excluded.host
                RETURNING incarnation
            ), logged AS (
                INSERT INTO events (kind, node, incarnation, detail)
                SELECT '\(EventKind.nodeJoined.rawValue)', $1, incarnation, 'pid ' || $2 || ' on ' || $3 FROM joined
            )
            SELECT incarnation FROM joined
            """
        return NodeIdentity(name: name, incarnation: try await single(Int.self, sql, binds))
    }

    /// Records a heartbeat; `.fenced` tells a node its incarnation was declared dead. A node
    /// the coordinator had marked unresponsive is healthy again once heard (`node_recovered`).
    public func heartbeat(_ node: NodeIdentity) async throws -> WriteOutcome {
        var binds = PostgresBindings()
        binds.append(node.name)
        binds.append(node.incarnation)
        let sql = """
            WITH beat AS (
                -- The self-join reads the health before this update (the statement's snapshot).
                UPDATE nodes n SET heartbeat_at = now(), health = CASE WHEN n.health = 'unresponsive' THEN 'healthy' ELSE n.health END
                FROM nodes old
                WHERE n.name = $1 AND n.incarnation = $2 AND n.fenced_through < $2 AND old.name = n.name
                RETURNING old.health AS was
            ), logged AS (
                INSERT INTO events (kind, node, incarnation)
                SELECT '\(EventKind.nodeRecovered.rawValue)', $1, $2 FROM beat WHERE was = 'unresponsive'
            )
            SELECT count(*) FROM beat
            """
        return try await single(Int64.self, sql, binds) == 0 ? .fenced : .applied
    }

    /// Marks a silent node unresponsive (it leases nothing until heard again); false when it
    /// was not healthy or draining, or was superseded.
    public func markUnresponsive(_ node: NodeIdentity, reason: String) async throws -> Bool {
        var binds = PostgresBindings()
        binds.append(node.name)
        binds.append(node.incarnation)
        binds.append(reason)
        let sql = """
            WITH marked AS (
                UPDATE nodes SET health = 'unresponsive'
                WHERE name = $1 AND incarnation = $2 AND fenced_through < $2 AND health IN ('healthy', 'draining') RETURNING 1
            ), logged AS (
                INSERT INTO events (kind, node, incarnation, detail) SELECT '\(EventKind.nodeUnresponsive.rawValue)', $1, $2, $3 FROM marked
            )
            SELECT count(*) FROM marked
            """
        return try await single(Int64.self, sql, binds) == 1
    }

    /// Every node incarnation not yet fenced, with its health and how long (by the database's
    /// clock, the one every machine shares) since it was last heard.
    public func liveNodes() async throws -> [LiveNodeStatus] {
        let sql = """
            SELECT name, incarnation, health, (extract(epoch FROM now() - heartbeat_at) * 1000000)::bigint
            FROM nodes WHERE fenced_through < incarnation ORDER BY name
            """
        var nodes: [LiveNodeStatus] = []
        for row in try await rows(sql, PostgresBindings()) {
            let (name, incarnation, health, silence) = try row.decode((String, Int, String, Int64).self)
            nodes.append(LiveNodeStatus(node: NodeIdentity(name: name, incarnation: incarnation),
                                        health: NodeHealth(rawValue: health) ?? .healthy, silenceMicros: max(0, silence)))
        }
        return nodes
    }

    /// Sets a live node's health to draining or back to healthy, logging the change.
    public func setHealth(_ node: NodeIdentity, draining: Bool) async throws -> WriteOutcome {
        var binds = PostgresBindings()
        binds.append(node.name)
        binds.append(node.incarnation)
        binds.append(draining ? "draining" : "healthy")
        binds.append(draining ? EventKind.nodeDraining.rawValue : EventKind.nodeResumed.rawValue)
        let sql = """
            WITH changed AS (
                UPDATE nodes SET health = $3 WHERE name = $1 AND incarnation = $2 AND fenced_through < $2 RETURNING 1
            ), logged AS (
                INSERT INTO events (kind, node, incarnation) SELECT $4, $1, $2 FROM changed
            )
            SELECT count(*) FROM changed
            """
        return try await single(Int64.self, sql, binds) == 0 ? .fenced : .applied
    }

    /// Declares `node` dead: fences its incarnation and revokes its leases by raising their
    /// epochs, so anything the zombie still writes is refused. A transaction of two statements:
    /// the node row is locked first, which waits out any lease statement that read the node as
    /// alive (it holds the row FOR SHARE), and the revocation then sees that lease committed.
    /// Returns false when the incarnation was already fenced or superseded.
    public func fence(_ node: NodeIdentity, reason: String) async throws -> Bool {
        let logger = self.logger
        try checkOpen()
        return try await connection.withTransaction(logger: logger) { transaction in
            var binds = PostgresBindings()
            binds.append(node.name)
            binds.append(node.incarnation)
            binds.append(reason)
            let marked = try await transaction.query(PostgresQuery(unsafeSQL: """
                WITH dead AS (
                    UPDATE nodes SET health = 'dead', fenced_through = $2
                    WHERE name = $1 AND incarnation = $2 AND fenced_through < $2 RETURNING 1
                ), logged AS (
                    INSERT INTO events (kind, node, incarnation, detail) SELECT '\(EventKind.nodeDead.rawValue)', $1, $2, $3 FROM dead
                )
                SELECT count(*) FROM dead
                """, binds: binds), logger: logger).collect()
            guard try marked.first?.decode(Int64.self) == 1 else { return false }
            var revokeBinds = PostgresBindings()
            revokeBinds.append(node.name)
            revokeBinds.append(node.incarnation)
            try await transaction.query(PostgresQuery(unsafeSQL: """
                WITH revoked AS (
                    UPDATE shards SET state = 'ready', visible_at = now(), lease_epoch = lease_epoch + 1
                    WHERE state = 'leased' AND owner_node = $1 AND owner_incarnation = $2 RETURNING id, lease_epoch
                )
                INSERT INTO events (kind, node, incarnation, shard_id, epoch, detail)
                SELECT '\(EventKind.leaseExpired.rawValue)', $1, $2, id, lease_epoch, 'revoked: holder fenced' FROM revoked
                """, binds: revokeBinds), logger: logger)
            // The dead node's unfinished shards are placed on no one: every node takes them as
            // its own, before its own later shards (the dequeue orders by id), as the
            // simulation's rebalance moves a dead node's shards to live ones.
            var moveBinds = PostgresBindings()
            moveBinds.append(node.name)
            moveBinds.append(node.incarnation)
            try await transaction.query(PostgresQuery(unsafeSQL: """
                WITH moved AS (
                    UPDATE shards SET placement = NULL WHERE placement = $1 AND state IN ('ready', 'leased') RETURNING 1
                )
                INSERT INTO events (kind, node, incarnation, detail)
                SELECT '\(EventKind.rebalanced.rawValue)', $1, $2, count(*) || ' shards unplaced: node dead' FROM moved HAVING count(*) > 0
                """, binds: moveBinds), logger: logger)
            return true
        }
    }

    // MARK: The node's queue statements

    /// Leases up to `limit` visible shards for `node`: its own placement (and shards placed on no
    /// one) first, then any other (stealing), skipping rows other workers hold locked. A shard already received
    /// `max_receive_count` times is dead-lettered instead of leased. A fenced, draining or
    /// superseded incarnation gets nothing.
    public func lease(for node: NodeIdentity, limit: Int, visibilitySeconds: Double) async throws -> [LeasedShard] {
        var binds = PostgresBindings()
        binds.append(node.name)
        binds.append(node.incarnation)
        binds.append(limit)
        binds.append(visibilitySeconds)
        let sql = """
            WITH me AS (
                SELECT 1 FROM nodes WHERE name = $1 AND incarnation = $2 AND fenced_through < $2 AND health = 'healthy' FOR SHARE
            ), own AS (
                SELECT id FROM shards
                WHERE state IN ('ready', 'leased') AND (placement = $1 OR placement IS NULL) AND visible_at <= now() AND EXISTS (SELECT 1 FROM me)
                ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED
            ), stolen AS (
                SELECT id FROM shards
                WHERE state IN ('ready', 'leased') AND placement <> $1 AND visible_at <= now() AND EXISTS (SELECT 1 FROM me)
                ORDER BY id LIMIT greatest(0, $3 - (SELECT count(*) FROM own)) FOR UPDATE SKIP LOCKED
            ), picked AS (
                SELECT id FROM own UNION ALL SELECT id FROM stolen
            ), taken AS (
                UPDATE shards s SET
                    state = CASE WHEN s.receive_count >= r.max_receive_count THEN 'dead_lettered' ELSE 'leased' END,
                    receive_count = s.receive_count + CASE WHEN s.receive_count >= r.max_receive_count THEN 0 ELSE 1 END,
                    lease_epoch = s.lease_epoch + CASE WHEN s.receive_count >= r.max_receive_count THEN 0 ELSE 1 END,
                    visible_at = CASE WHEN s.receive_count >= r.max_receive_count THEN 'infinity'
                                      ELSE now() + make_interval(secs => $4) END,
                    owner_node = $1, owner_incarnation = $2
                FROM picked, runs r
                WHERE s.id = picked.id AND r.id = s.run_id
                RETURNING s.id, s.run_id, s.shard_key, s.placement, s.state, s.lease_epoch, s.receive_count, s.work_micros
            ), logged AS (
                INSERT INTO events (kind, node, incarnation, shard_id, epoch, detail)
                SELECT CASE WHEN state = 'leased' THEN '\(EventKind.shardLeased.rawValue)' ELSE '\(EventKind.deadLettered.rawValue)' END,
                       $1, $2, id, lease_epoch,
                       CASE WHEN state = 'leased' THEN 'receive ' || receive_count ELSE 'max receives reached' END
                FROM taken
            )
            SELECT t.id, t.run_id, t.shard_key, coalesce(t.placement, ''), t.lease_epoch, t.receive_count, t.work_micros,
                   coalesce(c.progress_micros, 0)
            FROM taken t LEFT JOIN checkpoints c ON c.shard_id = t.id
            WHERE t.state = 'leased' ORDER BY t.id
            """
        var leased: [LeasedShard] = []
        for row in try await rows(sql, binds) {
            let (id, run, key, placement, epoch, receives, work, progress) =
                try row.decode((Int64, Int64, String, String, Int64, Int, Int64, Int64).self)
            leased.append(LeasedShard(id: id, runID: run, key: key, placement: placement.isEmpty ? nil : placement, holder: node,
                                      epoch: epoch, receiveCount: receives, workMicros: work, progressMicros: progress))
        }
        return leased
    }

    /// Extends the lease's visibility; fenced when a newer epoch (or a fence) superseded it, or
    /// when the lease ran out — as in the simulation's queue, a write must come before the
    /// deadline even if no one else has taken the shard yet (a late renewal resurrecting an
    /// expired lease is exactly what a paused zombie would do).
    public func renew(_ lease: LeasedShard, visibilitySeconds: Double) async throws -> WriteOutcome {
        try await fencedWrite(lease, kind: .leaseRenewed, operation: "renew", progress: nil, change: """
            UPDATE shards SET visible_at = now() + make_interval(secs => $5)
            WHERE id = $1 AND lease_epoch = $2 AND state = 'leased' AND visible_at > now() RETURNING id
            """, extra: visibilitySeconds)
    }

    /// Saves progress (work done, in microseconds) for the shard under the lease's epoch.
    public func checkpoint(_ lease: LeasedShard, progressMicros: Int64) async throws -> WriteOutcome {
        try await fencedWrite(lease, kind: .checkpointSaved, operation: "checkpoint", progress: progressMicros, change: """
            INSERT INTO checkpoints (shard_id, epoch, progress_micros, node, incarnation, saved_at)
            SELECT id, $2, $5, $3, $4, now() FROM (
                SELECT id FROM shards WHERE id = $1 AND lease_epoch = $2 AND state = 'leased' AND visible_at > now() FOR UPDATE
            ) AS held
            ON CONFLICT (shard_id) DO UPDATE SET epoch = excluded.epoch, progress_micros = excluded.progress_micros,
                node = excluded.node, incarnation = excluded.incarnation, saved_at = excluded.saved_at
            RETURNING shard_id
            """, extra: progressMicros)
    }

    /// Commits the shard: done, never delivered again.
    public func ack(_ lease: LeasedShard) async throws -> WriteOutcome {
        try await fencedWrite(lease, kind: .taskCommitted, operation: "ack", progress: nil, change: """
            UPDATE shards SET state = 'committed', visible_at = 'infinity'
            WHERE id = $1 AND lease_epoch = $2 AND state = 'leased' AND visible_at > now() RETURNING id
            """, extra: Int64(0))
    }

    /// Gives the shard back, visible again after `delaySeconds`, or dead-letters it when it has
    /// been received `max_receive_count` times.
    public func nack(_ lease: LeasedShard, delaySeconds: Double) async throws -> NackOutcome {
        var binds = PostgresBindings()
        binds.append(lease.id)
        binds.append(lease.epoch)
        binds.append(lease.holder.name)
        binds.append(lease.holder.incarnation)
        binds.append(delaySeconds)
        let sql = """
            WITH given AS (
                UPDATE shards s SET
                    state = CASE WHEN s.receive_count >= r.max_receive_count THEN 'dead_lettered' ELSE 'ready' END,
                    visible_at = CASE WHEN s.receive_count >= r.max_receive_count THEN 'infinity'
                                      ELSE now() + make_interval(secs => $5) END
                FROM runs r
                WHERE s.id = $1 AND s.lease_epoch = $2 AND s.state = 'leased' AND s.visible_at > now() AND r.id = s.run_id
                RETURNING s.state
            ), logged AS (
                INSERT INTO events (kind, node, incarnation, shard_id, epoch, detail)
                SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM given) THEN '\(EventKind.staleWriteRejected.rawValue)'
                            WHEN (SELECT state FROM given) = 'dead_lettered' THEN '\(EventKind.deadLettered.rawValue)'
                            ELSE '\(EventKind.taskFailed.rawValue)' END,
                       $3, $4, $1, $2, 'nack'
            )
            SELECT state FROM given
            """
        guard let state = try await rows(sql, binds).first else { return .fenced }
        return try state.decode(String.self) == "dead_lettered" ? .deadLettered : .requeued
    }

    // MARK: Reading

    /// Shard counts of one run (or of all runs when `run` is nil).
    public func counts(run: Int64? = nil) async throws -> ShardCounts {
        var binds = PostgresBindings()
        binds.append(run)
        let sql = """
            SELECT count(*) FILTER (WHERE state IN ('ready', 'leased')), count(*) FILTER (WHERE state = 'committed'),
                   count(*) FILTER (WHERE state = 'dead_lettered')
            FROM shards WHERE $1::bigint IS NULL OR run_id = $1
            """
        guard let row = try await rows(sql, binds).first else { return ShardCounts() }
        let (open, committed, dead) = try row.decode((Int64, Int64, Int64).self)
        return ShardCounts(open: Int(open), committed: Int(committed), deadLettered: Int(dead))
    }

    // MARK: Helpers

    /// The shape every fenced write shares: `change` (binds $1 id, $2 epoch, $3 node,
    /// $4 incarnation, $5 `extra`) returns a row when it applied; the same statement logs
    /// `kind`, or `stale_write_rejected` naming `operation` when it did not.
    private func fencedWrite<Extra: PostgresDynamicTypeEncodable>(
        _ lease: LeasedShard, kind: EventKind, operation: String, progress: Int64?, change: String, extra: Extra
    ) async throws -> WriteOutcome {
        var binds = PostgresBindings()
        binds.append(lease.id)
        binds.append(lease.epoch)
        binds.append(lease.holder.name)
        binds.append(lease.holder.incarnation)
        binds.append(extra)
        binds.append(progress)
        binds.append(operation)
        let sql = """
            WITH changed AS (
            \(change)
            ), logged AS (
                INSERT INTO events (kind, node, incarnation, shard_id, epoch, progress_micros, detail)
                SELECT CASE WHEN EXISTS (SELECT 1 FROM changed) THEN '\(kind.rawValue)' ELSE '\(EventKind.staleWriteRejected.rawValue)' END,
                       $3, $4, $1, $2, $6, $7
            )
            SELECT count(*) FROM changed
            """
        return try await single(Int64.self, sql, binds) == 0 ? .fenced : .applied
    }

    func rows(_ sql: String, _ binds: PostgresBindings) async throws -> [PostgresRow] {
        try checkOpen()
        return try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).collect()
    }

    /// Throws when the connection has closed (a server restart, a cut). Checked before every
    /// statement because postgres-nio 1.33 writes a query to a closed channel without failing
    /// its promise: the statement would wait for ever instead of failing.
    private func checkOpen() throws(LiveError) {
        guard !connection.isClosed else { throw LiveError(.io, "the connection to the database was closed") }
    }

    private func single<Value: PostgresDecodable>(_ type: Value.Type, _ sql: String, _ binds: PostgresBindings) async throws -> Value {
        guard let row = try await rows(sql, binds).first else { throw LiveError(.io, "the database returned no row") }
        return try row.decode(Value.self)
    }
}

extension LiveQueue {
    /// How many events one read returns; the history is read in pages of this size.
    static let historyPage = 10_000
    /// A bound on the events one check reads; a longer history is read only this far.
    public static let historyLimit = 20_000_000

    /// Reads the whole history: every shard's id and every event, in order.
    public func history() async throws -> LiveHistory {
        var shards: [Int64] = []
        for row in try await rows("SELECT id FROM shards ORDER BY id", PostgresBindings()) {
            shards.append(try row.decode(Int64.self))
        }
        var events: [LiveEvent] = []
        var after: Int64 = 0
        while events.count < Self.historyLimit {
            var binds = PostgresBindings()
            binds.append(after)
            binds.append(Self.historyPage)
            let page = try await rows("""
                SELECT seq, kind, node, incarnation, shard_id, epoch, progress_micros, detail
                FROM events WHERE seq > $1 ORDER BY seq LIMIT $2
                """, binds)
            for row in page {
                let (seq, kind, node, incarnation, shard, epoch, progress, detail) =
                    try row.decode((Int64, String, String?, Int?, Int64?, Int64?, Int64?, String?).self)
                events.append(LiveEvent(seq: seq, kind: kind, node: node, incarnation: incarnation, shard: shard,
                                        epoch: epoch, progressMicros: progress, detail: detail))
                after = seq
            }
            if page.count < Self.historyPage { break }
        }
        return LiveHistory(shards: shards, events: events)
    }
}
