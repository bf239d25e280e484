import AureonPostgres
import Foundation
import Testing

@Suite(.enabled(if: PostgresFixture.available, PostgresFixture.skipReason))
struct ThrowawayPostgresTests {
    @Test func stoppingLeavesNoServerAndNoDirectory() async throws {
        let fixture = try PostgresFixture()
        let queue = try await fixture.queue()
        #expect(try await queue.counts() == ShardCounts())
        let directory = fixture.server.directory
        let pid = fixture.server.serverPID
        #expect(ProcessProbe.isRunning(pid))
        await fixture.close()
        #expect(!FileManager.default.fileExists(atPath: directory))
        #expect(!ProcessProbe.isRunning(pid))
    }
}

/// Whether a process runs, from /proc: a zombie nobody reaped (PID 1 in a container may not)
/// counts as gone.
enum ProcessProbe {
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].split(separator: " ").first
        return state != "Z" && state != "X"
    }
}

@Suite(.enabled(if: PostgresFixture.available, PostgresFixture.skipReason))
struct ThrowawayPostgresRestartTests {
    @Test func aRestartKeepsThePortAndTheDataAndEndsEverySession() async throws {
        let fixture = try PostgresFixture()
        let before = try await fixture.queue()
        _ = try await before.schedule(run: "kept", maxReceiveCount: 3, shards: [ShardSpec(key: "a", placement: nil, workMicros: 1)])
        let oldPID = fixture.server.serverPID
        let port = fixture.server.address.port
        try fixture.server.restart()
        #expect(fixture.server.address.port == port)
        #expect(fixture.server.serverPID != oldPID)
        #expect(!ProcessProbe.isRunning(oldPID))
        #expect(ProcessProbe.isRunning(fixture.server.serverPID))
        await #expect(throws: (any Error).self) { try await before.counts() }
        let after = try await fixture.queue()
        #expect(try await after.counts().open == 1)
        let directory = fixture.server.directory
        let pid = fixture.server.serverPID
        await fixture.close()
        #expect(!FileManager.default.fileExists(atPath: directory))
        #expect(!ProcessProbe.isRunning(pid))
    }
}
