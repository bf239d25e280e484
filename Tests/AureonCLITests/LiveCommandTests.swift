import AureonPostgres
import Foundation
import Testing

/// `aureon live db` and `aureon live check` as processes: what they print, their exit
/// statuses, and that a throwaway cluster is gone however its process ends.
@Suite(.serialized, .enabled(if: PostgresBinaries.locate() != nil, "PostgreSQL server programs (initdb, pg_ctl) are not installed"))
struct LiveCommandTests {
    /// A running `aureon live db`, with the three lines it printed.
    private struct Database {
        let process: Process
        let url: String
        let directory: String
        let serverPID: Int32
    }

    private func startDatabase() throws -> Database {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["live", "db"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var printed = ""
        // Reads until the three lines are there (or the output ends): bounded by the output.
        while printed.split(separator: "\n").count < 3 {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            printed += String(decoding: chunk, as: UTF8.self)
        }
        var values: [String: String] = [:]
        for line in printed.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
        }
        let url = try #require(values["url:"])
        let directory = try #require(values["directory:"])
        let pid = try #require(values["server_pid:"].flatMap { Int32($0) })
        return Database(process: process, url: url, directory: directory, serverPID: pid)
    }

    /// Polls (bounded, 30 s) until the server and its directory are gone.
    private func isGone(_ database: Database) -> Bool {
        for _ in 0..<300 {
            if !FileManager.default.fileExists(atPath: database.directory) && !Self.isRunning(database.serverPID) { return true }
            usleep(100_000)
        }
        return false
    }

    private static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].split(separator: " ").first
        return state != "Z" && state != "X"
    }

    @Test func sigtermStopsTheDatabaseCleanlyAndAFreshHistoryChecks() throws {
        let database = try startDatabase()
        #expect(Self.isRunning(database.serverPID))
        let check = try CLI.run(["live", "check", database.url, "--json"])
        #expect(check.status == 0)
        #expect(check.stdout.contains("\"passed\":true"))
        database.process.terminate()
        database.process.waitUntilExit()
        #expect(database.process.terminationStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: database.directory))
        #expect(isGone(database))
    }

    @Test func sigkillLeavesNothingBehindEither() throws {
        let database = try startDatabase()
        kill(database.process.processIdentifier, SIGKILL)
        database.process.waitUntilExit()
        #expect(isGone(database))
    }

    /// SIGKILL to the whole process group of `aureon live db` (how a hung run is usually
    /// killed) takes the reaper's neighbours but not the reaper: the server is still stopped.
    @Test func sigkillToTheWholeProcessGroupLeavesNothingBehind() throws {
        let database = try startDatabase()
        let group = getpgid(database.process.processIdentifier)
        try #require(group == database.process.processIdentifier && group != getpgid(0), "aureon live db leads a process group of its own")
        kill(-group, SIGKILL)
        database.process.waitUntilExit()
        #expect(isGone(database))
    }

    @Test func anUnreachableDatabaseIsOneLineAndExitTwo() throws {
        let result = try CLI.run(["live", "check", "postgres://postgres@127.0.0.1:1/postgres"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("aureon: cannot reach the database at postgres://postgres@127.0.0.1:1/postgres: "))
        #expect(result.stderr.split(separator: "\n").count == 1)
        let malformed = try CLI.run(["live", "check", "http://example"])
        #expect(malformed.status == 2)
        #expect(malformed.stderr == "aureon: database URL 'http://example' is not postgres://user@host:port/database\n")
    }

    @Test func benchDrainsEveryJobAndChecksTheHistory() throws {
        let result = try CLI.run(["live", "bench", "--jobs", "200", "--workers", "2", "--json"])
        #expect(result.status == 0)
        let summary = try CLI.summary(result)
        #expect(summary["acked"] as? Int == 200)
        #expect(summary["open"] as? Int == 0)
        #expect(summary["history_check"] as? String == "passed")
        let bad = try CLI.run(["live", "bench", "--workers", "0"])
        #expect(bad.status == 2)
        #expect(bad.stderr == "aureon: --workers: 0 is outside 1…64\n")
    }

    @Test func theCoordinatorFencesASilentNode() async throws {
        let database = try startDatabase()
        let queue = try await LiveQueue.connect(to: try DatabaseAddress(url: database.url))
        let node = try await queue.join(node: "node-1", pid: 1, host: "test")
        let result = try CLI.run(["coordinator", "--db", database.url, "--unresponsive-after", "0", "--dead-after", "0", "--scans", "1"])
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").last == "node_dead \(node)")
        #expect(try await queue.heartbeat(node) == .fenced)
        await queue.close()
        database.process.terminate()
        database.process.waitUntilExit()
        #expect(isGone(database))
        let bad = try CLI.run(["coordinator", "--db", database.url, "--dead-after", "1", "--unresponsive-after", "5"])
        #expect(bad.status == 2)
        #expect(bad.stderr == "aureon: --dead-after: 1.0 must be between --unresponsive-after and 86400 seconds\n")
    }
}
