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
}
