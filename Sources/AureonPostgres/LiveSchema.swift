import PostgresNIO

/// The live cluster's tables, as an ordered list of migrations. Each migration runs once, in a
/// transaction, under an advisory lock, so any number of processes may start against a new
/// database at once and exactly one of them creates what is missing.
public enum LiveSchema {
    /// Each migration is a list of statements (the extended protocol runs one at a time).
    static let migrations: [[String]] = [
        [
            """
            CREATE TABLE runs (
                id bigserial PRIMARY KEY,
                name text NOT NULL,
                max_receive_count integer NOT NULL CHECK (max_receive_count > 0),
                created_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            // One row per shard: the queue message and its lease, fenced by lease_epoch.
            """
            CREATE TABLE shards (
                id bigserial PRIMARY KEY,
                run_id bigint NOT NULL REFERENCES runs (id),
                shard_key text NOT NULL,
                placement text,
                work_micros bigint NOT NULL CHECK (work_micros >= 0),
                state text NOT NULL DEFAULT 'ready' CHECK (state IN ('ready', 'leased', 'committed', 'dead_lettered')),
                visible_at timestamptz NOT NULL DEFAULT now(),
                receive_count integer NOT NULL DEFAULT 0,
                lease_epoch bigint NOT NULL DEFAULT 0,
                owner_node text,
                owner_incarnation integer
            )
            """,
            // The dequeue orders open shards by id: a partial index on exactly that stays small
            // as the queue drains (an index on (visible_at, id) is ignored by ORDER BY id).
            "CREATE INDEX shards_open ON shards (id) WHERE state IN ('ready', 'leased')",
            "CREATE INDEX shards_open_placed ON shards (placement, id) WHERE state IN ('ready', 'leased')",
            // The latest progress checkpoint of each shard; a redelivered shard resumes from it.
            """
            CREATE TABLE checkpoints (
                shard_id bigint PRIMARY KEY REFERENCES shards (id),
                epoch bigint NOT NULL,
                progress_micros bigint NOT NULL,
                node text NOT NULL,
                incarnation integer NOT NULL,
                saved_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            // Nodes and their heartbeats: a node declared dead has its incarnation fenced.
            """
            CREATE TABLE nodes (
                name text PRIMARY KEY,
                incarnation integer NOT NULL,
                fenced_through integer NOT NULL DEFAULT 0,
                health text NOT NULL CHECK (health IN ('healthy', 'draining', 'unresponsive', 'dead')),
                heartbeat_at timestamptz NOT NULL DEFAULT now(),
                pid integer,
                host text
            )
            """,
            // Operator requests (drain, resume, kill) a node reads and marks handled.
            """
            CREATE TABLE control (
                id bigserial PRIMARY KEY,
                node text NOT NULL,
                action text NOT NULL CHECK (action IN ('drain', 'resume', 'kill')),
                requested_at timestamptz NOT NULL DEFAULT now(),
                handled_at timestamptz
            )
            """,
            // The history: appended by the same statements that change the state above.
            """
            CREATE TABLE events (
                seq bigserial PRIMARY KEY,
                at timestamptz NOT NULL DEFAULT clock_timestamp(),
                kind text NOT NULL,
                node text,
                incarnation integer,
                shard_id bigint,
                epoch bigint,
                progress_micros bigint,
                detail text
            )
            """,
        ],
    ]

    /// Brings the database to the newest schema; returns how many migrations it applied.
    @discardableResult
    public static func migrate(_ connection: PostgresConnection, logger: Logger) async throws -> Int {
        try await connection.query("CREATE TABLE IF NOT EXISTS aureon_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", logger: logger)
        var applied = 0
        for (index, statements) in migrations.enumerated() {
            let version = index + 1
            let ran = try await connection.withTransaction(logger: logger) { transaction in
                // Serialises concurrent migrators; released at commit.
                try await transaction.query("SELECT pg_advisory_xact_lock(7302014)", logger: logger)
                let present = try await transaction.query("SELECT 1 FROM aureon_migrations WHERE version = \(version)", logger: logger).collect()
                guard present.isEmpty else { return false }
                for statement in statements {
                    try await transaction.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await transaction.query("INSERT INTO aureon_migrations (version) VALUES (\(version))", logger: logger)
                return true
            }
            if ran { applied += 1 }
        }
        return applied
    }
}
