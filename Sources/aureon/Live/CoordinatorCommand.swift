import ArgumentParser
import AureonCluster
import AureonEngine
import AureonPostgres
#if canImport(Glibc)
import Glibc
#endif

/// `aureon coordinator --db URL`: the live cluster's coordinator process. So far it does
/// failure detection: every scan interval Core v2's `FailureRecovery` judges each node's
/// silence (by the database's clock) and the verdict is carried out in the database — an
/// unresponsive node leases nothing until heard again, a dead incarnation is fenced and its
/// leases revoked. SIGINT, SIGTERM or SIGHUP stop it cleanly (exit 0).
struct CoordinatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinator",
        abstract: "Run the live cluster's coordinator against a database (so far: failure detection and fencing)."
    )

    @Option(name: .long, help: "The cluster's database, postgres://user@host:port/database.")
    var db: String
    @Option(name: .long, help: "Seconds between two scans (0.05–3600).")
    var scan = ClusterConfiguration().scanInterval.seconds
    @Option(name: .customLong("unresponsive-after"), help: "Seconds of silence after which a node is unresponsive.")
    var unresponsiveAfter = ClusterConfiguration().unresponsiveAfter.seconds
    @Option(name: .customLong("dead-after"), help: "Seconds of silence after which a node is dead and fenced.")
    var deadAfter = ClusterConfiguration().deadAfter.seconds
    @Option(name: .long, help: "Stop after this many scans (default: run until stopped).")
    var scans: Int?

    func run() throws {
        guard (0.05...3600).contains(scan) else { throw LiveError(.input, "--scan: \(scan) is outside 0.05…3600 seconds") }
        guard unresponsiveAfter >= 0, unresponsiveAfter <= 86_400 else {
            throw LiveError(.input, "--unresponsive-after: \(unresponsiveAfter) is outside 0…86400 seconds")
        }
        guard deadAfter >= unresponsiveAfter, deadAfter <= 86_400 else {
            throw LiveError(.input, "--dead-after: \(deadAfter) must be between --unresponsive-after and 86400 seconds")
        }
        if let scans, scans < 1 { throw LiveError(.input, "--scans: \(scans) must be at least 1") }
        let address = try DatabaseAddress(url: db)
        LiveSignals.block()
        let recovery = LiveRecovery(detector: FailureRecovery(
            unresponsiveAfter: VirtualDuration(microseconds: Int64(unresponsiveAfter * 1_000_000)),
            deadAfter: VirtualDuration(microseconds: Int64(deadAfter * 1_000_000))))
        let queue = try LiveBlocking.run {
            let queue = try await LiveQueue.connect(to: address)
            try await queue.migrate()
            return queue
        }
        defer { LiveBlocking.finish { await queue.close() } }
        print("coordinator: watching \(address)")
        fflush(nil)
        let interval = Int(scan * 1000)
        // Until a stopping signal arrives, or `--scans` scans are done.
        for scanNumber in 1...(scans ?? Int.max) {
            let acted = try LiveBlocking.run {
                do {
                    return try await recovery.scan(queue).map { "\($0.1 == .dead ? "node_dead" : "node_unresponsive") \($0.0)" }
                } catch {
                    throw LiveError(.io, "scanning \(address) failed: \(LiveError.reason(error))")
                }
            }
            for line in acted { print(line) }
            fflush(nil)
            if scanNumber == scans || LiveSignals.take(waitingAtMost: interval) != nil { break }
        }
    }
}
