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
