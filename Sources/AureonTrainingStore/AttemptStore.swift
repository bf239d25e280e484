import Foundation
import GRDB

/// Drill attempts in SQLite (GRDB). WAL and a busy timeout let two consoles save at the same
/// moment; schema changes are migrations. A file that is not an SQLite database is refused and
/// left exactly as it was.
public final class AttemptStore: Sendable {
    public let path: String
    private let pool: DatabasePool
    /// How long a writer waits for another process's write to finish.
    public static let busyTimeout: TimeInterval = 10
    /// Rows `history` reads at most.
    public static let historyLimit = 100_000

    /// Opens (creating if needed) the database at `path`.
    public init(path: String) throws(AttemptStoreError) {
        self.path = path
        try Self.refuseIfNotSQLite(path)
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw .unwritable(path: path, reason: "cannot create \(directory)")
            }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        do {
            pool = try Self.openAndMigrate(path: path, configuration: configuration)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT {
            throw .notADatabase(path: path)
        } catch let error as DatabaseError {
            throw .unwritable(path: path, reason: error.message ?? "\(error.resultCode)")
        } catch {
            throw .unwritable(path: path, reason: "\(error)")
        }
    }

    /// Two processes creating the database at once race: both see "nothing migrated yet" and the
    /// loser fails to create what the winner just created, or finds the file locked while the
    /// winner switches it to WAL. Tried again, it finds the work done, so opening is retried a few
    /// times before it is an error.
    private static func openAndMigrate(path: String, configuration: Configuration) throws -> DatabasePool {
        var attempt = 1
        while true {
            do {
                let pool = try DatabasePool(path: path, configuration: configuration)
                try migrator.migrate(pool)
                return pool
            } catch let error as DatabaseError where error.resultCode != .SQLITE_NOTADB && error.resultCode != .SQLITE_CORRUPT {
                if attempt == migrationAttempts { throw error }
                attempt += 1
            }
        }
    }

    /// How often opening is tried (see ``openAndMigrate(path:configuration:)``).
    static let migrationAttempts = 3

    /// SQLite files begin with this header; anything else at the path is someone else's file.
    private static func refuseIfNotSQLite(_ path: String) throws(AttemptStoreError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }  // absent (or unreadable: opening says which)
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        if header.isEmpty { return }  // an empty file is an empty database to SQLite
        guard header == Data("SQLite format 3\u{0}".utf8) else { throw .notADatabase(path: path) }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: attempts") { db in
            try db.create(table: "attempt") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("trainee", .text).notNull()
                table.column("drill", .text).notNull()
                table.column("drill_hash", .text).notNull()
                table.column("seed", .text).notNull()
                table.column("started_at", .text).notNull()
                table.column("duration_virtual_seconds", .double).notNull()
                table.column("score", .integer).notNull()
                table.column("max_score", .integer).notNull()
                table.column("passed", .boolean).notNull()
                table.column("hints", .integer).notNull()
                table.column("recording_path", .text)
                table.column("recording_hash", .text)
                table.column("trace_hash", .text).notNull()
            }
        }
        migrator.registerMigration("v2: instructor mark, history index") { db in
            try db.alter(table: "attempt") { table in table.add(column: "instructor", .boolean).notNull().defaults(to: false) }
            try db.create(index: "attempt_by_drill_trainee", on: "attempt", columns: ["drill", "trainee"])
        }
        return migrator
    }

    /// Keeps one attempt.
    public func save(_ record: AttemptRecord) throws(AttemptStoreError) {
        do {
            try pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO attempt (trainee, drill, drill_hash, seed, started_at, duration_virtual_seconds, score, max_score,
                                             passed, hints, recording_path, recording_hash, trace_hash, instructor)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [record.trainee, record.drill, record.drillHash, String(record.seed), record.startedAt,
                                record.durationVirtualSeconds, record.score, record.maxScore, record.passed, record.hintsUsed,
                                record.recordingPath, record.recordingHash, record.traceHash, record.instructorAssisted])
            }
        } catch {
            throw .unwritable(path: path, reason: (error as? DatabaseError)?.message ?? "\(error)")
        }
    }

    /// Every attempt, oldest first, optionally for one trainee and/or drill.
    public func attempts(trainee: String? = nil, drill: String? = nil) throws(AttemptStoreError) -> [AttemptRecord] {
        do {
            return try pool.read { db in
                var conditions: [String] = []
                var arguments: [(any DatabaseValueConvertible)?] = []
                if let trainee { conditions.append("trainee = ?"); arguments.append(trainee) }
                if let drill { conditions.append("drill = ?"); arguments.append(drill) }
                let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM attempt\(filter) ORDER BY id LIMIT \(Self.historyLimit)",
                                            arguments: StatementArguments(arguments))
                return rows.map { row in
                    AttemptRecord(trainee: row["trainee"], drill: row["drill"], drillHash: row["drill_hash"],
                                  seed: UInt64(row["seed"] as String) ?? 0, startedAt: row["started_at"],
                                  durationVirtualSeconds: row["duration_virtual_seconds"], score: row["score"], maxScore: row["max_score"],
                                  passed: row["passed"], hintsUsed: row["hints"], recordingPath: row["recording_path"],
                                  recordingHash: row["recording_hash"], traceHash: row["trace_hash"], instructorAssisted: row["instructor"])
                }
            }
        } catch {
            throw .unwritable(path: path, reason: (error as? DatabaseError)?.message ?? "\(error)")
        }
    }

    /// Best, last, attempts and passes per drill and trainee, by drill then trainee.
    public func history(trainee: String? = nil, drill: String? = nil) throws(AttemptStoreError) -> [AttemptSummary] {
        var groups: [String: [AttemptRecord]] = [:]
        var order: [(String, String)] = []
        for record in try attempts(trainee: trainee, drill: drill) {
            let key = record.drill + "\u{0}" + record.trainee
            if groups[key] == nil { order.append((record.drill, record.trainee)) }
            groups[key, default: []].append(record)
        }
        return order.sorted { $0 < $1 }.map { drill, trainee in
            let records = groups[drill + "\u{0}" + trainee] ?? []
            return AttemptSummary(drill: drill, trainee: trainee, best: records.map(\.score).max() ?? 0, last: records.last?.score ?? 0,
                                  attempts: records.count, passes: records.filter(\.passed).count)
        }
    }

    /// `--db PATH`, else `$XDG_DATA_HOME/aureon/aureon.sqlite`, else `~/.local/share/aureon/aureon.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return data + "/aureon/aureon.sqlite" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/aureon/aureon.sqlite"
    }
}

public enum AttemptStoreError: Error, Equatable, CustomStringConvertible {
    /// The file exists and is not an SQLite database (or is damaged): refused, left untouched.
    case notADatabase(path: String)
    /// The database cannot be created or written here.
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .notADatabase(path): "\(path): not an SQLite database (or damaged); refusing to use it, and leaving it as it is"
        case let .unwritable(path, reason): "\(path): cannot save attempts here: \(reason)"
        }
    }
}
