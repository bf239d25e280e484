import AureonPostgres
import Foundation
import Testing

/// Every live command given a database where nothing listens says so in one line and exits 2
/// (`live check` is in LiveCommandTests; `live run` is not on main yet).
@Suite struct LiveUnreachableTests {
    /// A loopback port nothing listens on: port 1 needs root to bind, and nobody does.
    private static let nowhere = "postgres://postgres@127.0.0.1:1/postgres"
    private static let said = "aureon: cannot reach the database at \(nowhere): "

    private func expectOneLineExitTwo(_ arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 2, "\(arguments)")
        #expect(result.stderr.hasPrefix(Self.said), "\(arguments): \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty, "\(arguments): \(result.stdout)")
    }

    @Test func benchAgainstNothingIsOneLineAndExitTwo() throws {
        try expectOneLineExitTwo(["live", "bench", "--db", Self.nowhere, "--jobs", "10"])
    }

    @Test func theCoordinatorAgainstNothingIsOneLineAndExitTwo() throws {
        try expectOneLineExitTwo(["coordinator", "--db", Self.nowhere, "--scans", "1"])
    }

    @Test func aNodeAgainstNothingIsOneLineAndExitTwo() throws {
        try expectOneLineExitTwo(["node", "--db", Self.nowhere, "--name", "node-1"])
    }

    /// A node's own flags are checked before it touches the database: one line naming the flag.
    @Test(arguments: [
        (["--name", "bad name"], "aureon: --name: 'bad name' must be 1–63 letters, digits, '.', '_' or '-'\n"),
        (["--name", "n", "--time-scale", "0"], "aureon: --time-scale: 0.0 is outside 0.01…1000\n"),
        (["--name", "n", "--concurrency", "0"], "aureon: --concurrency: must be between 1 and 1024 (got 0)\n"),
    ])
    func aNodesBadFlagsAreOneLineAndExitTwo(arguments: [String], said: String) throws {
        let result = try CLI.run(["node", "--db", Self.nowhere] + arguments)
        #expect(result.status == 2, "\(arguments)")
        #expect(result.stderr == said, "\(arguments)")
    }
}
