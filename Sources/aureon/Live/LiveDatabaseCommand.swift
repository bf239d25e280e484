import ArgumentParser
import AureonPostgres
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `aureon live db`: starts a throwaway PostgreSQL cluster with the live schema, prints where
/// it is, and keeps it until stopped (Ctrl-C, SIGTERM or SIGHUP).
/// Whatever stops it — even SIGKILL — the cluster's reaper removes the server and its files.
struct LiveDatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Start a throwaway PostgreSQL cluster for live mode, print its URL, keep it until stopped."
    )

    func run() throws {
        LiveSignals.block()
        guard let binaries = PostgresBinaries.locate() else {
            throw LiveError(.input, "live mode needs the PostgreSQL server programs (initdb, pg_ctl); install postgresql")
        }
        let server = try ThrowawayPostgres(binaries: binaries)
        let address = server.address
        try LiveBlocking.run {
            let queue = try await LiveQueue.connect(to: address)
            try await queue.migrate()
            await queue.close()
        }
        print("url: \(address.url)")
        print("directory: \(server.directory)")
        print("server_pid: \(server.serverPID)")
        fflush(nil)
        LiveSignals.waitForStop()
        server.stop()
    }
}
