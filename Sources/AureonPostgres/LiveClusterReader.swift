import AureonCluster
import PostgresNIO

/// Reads what a console shows of a live cluster: nodes, runs with shard counts and the events
/// after a sequence number. Every read is bounded, so a huge history costs one page.
public struct LiveClusterReader: Sendable {
    public let queue: LiveQueue

    /// Nodes read at most (the nodes table has one row per name).
    public static let nodeLimit = 1_000
    /// The newest runs read at most.
    public static let runLimit = 20
    /// Events returned by one read at most; older new events are counted, not returned.
    public static let eventLimit = 500

    public init(queue: LiveQueue) {
        self.queue = queue
    }

    /// The cluster now, with the events after `seq` (oldest first).
    public func read(after seq: Int64) async throws -> LiveClusterSnapshot {
        let nodes = try await readNodes()
        let runs = try await readRuns()
        let (events, newEvents) = try await readEvents(after: seq)
        return LiveClusterSnapshot(nodes: nodes, runs: runs, events: events, newEvents: newEvents, lastSeq: events.last?.seq ?? seq)
    }

    private func readNodes() async throws -> [LiveNodeRow] {
        var binds = PostgresBindings()
        binds.append(Self.nodeLimit)
        // One pass over the shards for every node's counts, not one per node.
        let sql = """
            WITH held AS (
                SELECT owner_node, owner_incarnation,
                       count(*) FILTER (WHERE state = 'leased' AND visible_at > now()) AS leases,
                       count(*) FILTER (WHERE state = 'committed') AS committed
                FROM shards WHERE owner_node IS NOT NULL GROUP BY owner_node, owner_incarnation
            )
            SELECT n.name, n.incarnation, n.health, (extract(epoch FROM now() - n.heartbeat_at) * 1000000)::bigint, n.pid, n.host,
                   coalesce((SELECT sum(leases) FROM held WHERE owner_node = n.name AND owner_incarnation = n.incarnation), 0)::bigint,
                   coalesce((SELECT sum(committed) FROM held WHERE owner_node = n.name), 0)::bigint
            FROM nodes n ORDER BY n.name LIMIT $1
            """
        var nodes: [LiveNodeRow] = []
        for row in try await queue.rows(sql, binds) {
            let (name, incarnation, health, silence, pid, host, leases, committed) =
                try row.decode((String, Int, String, Int64, Int?, String?, Int64, Int64).self)
            nodes.append(LiveNodeRow(name: name, incarnation: incarnation, health: NodeHealth(rawValue: health) ?? .healthy,
                                     silenceMicros: max(0, silence), pid: pid, host: host, leases: Int(leases), committed: Int(committed)))
        }
        return nodes
    }

    private func readRuns() async throws -> [LiveRunRow] {
        var binds = PostgresBindings()
        binds.append(Self.runLimit)
        let sql = """
            SELECT r.id, r.name,
                   count(s.id) FILTER (WHERE s.state = 'ready'), count(s.id) FILTER (WHERE s.state = 'leased'),
                   count(s.id) FILTER (WHERE s.state = 'committed'), count(s.id) FILTER (WHERE s.state = 'dead_lettered'),
                   count(s.id) FILTER (WHERE s.receive_count > 1)
            FROM (SELECT id, name FROM runs ORDER BY id DESC LIMIT $1) r LEFT JOIN shards s ON s.run_id = r.id
            GROUP BY r.id, r.name ORDER BY r.id
            """
        var runs: [LiveRunRow] = []
        for row in try await queue.rows(sql, binds) {
            let (id, name, ready, leased, committed, dead, redelivered) = try row.decode((Int64, String, Int64, Int64, Int64, Int64, Int64).self)
            runs.append(LiveRunRow(id: id, name: name, ready: Int(ready), leased: Int(leased), committed: Int(committed),
                                   deadLettered: Int(dead), redelivered: Int(redelivered)))
        }
        return runs
    }

    /// The newest `eventLimit` events after `seq`, oldest first, and how many there were in all.
    private func readEvents(after seq: Int64) async throws -> ([LiveEvent], Int) {
        var binds = PostgresBindings()
        binds.append(seq)
        binds.append(Self.eventLimit)
        // The window count is taken before the LIMIT: every event after `seq`.
        let sql = """
            SELECT seq, kind, node, incarnation, shard_id, epoch, progress_micros, detail, total FROM (
                SELECT seq, kind, node, incarnation, shard_id, epoch, progress_micros, detail, count(*) OVER () AS total
                FROM events WHERE seq > $1 ORDER BY seq DESC LIMIT $2
            ) newest ORDER BY seq
            """
        var events: [LiveEvent] = []
        var total = 0
        for row in try await queue.rows(sql, binds) {
            let (seq, kind, node, incarnation, shard, epoch, progress, detail, count) =
                try row.decode((Int64, String, String?, Int?, Int64?, Int64?, Int64?, String?, Int64).self)
            events.append(LiveEvent(seq: seq, kind: kind, node: node, incarnation: incarnation, shard: shard,
                                    epoch: epoch, progressMicros: progress, detail: detail))
            total = Int(count)
        }
        return (events, total)
    }
}
