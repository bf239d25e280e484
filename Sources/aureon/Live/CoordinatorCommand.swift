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
/// leases revoked. SIGINT, SIGTERM or SIGHUP stop it cleanly (exit 0). A database lost while
/// it runs (a restart, a partition) is said in one line and reconnected with backoff; after
/// `--give-up-after` seconds without one it exits 3.
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
    @Option(name: .customLong("give-up-after"), help: "Seconds without a working database before giving up (exit 3).")
    var giveUpAfter = ReconnectBackoff.defaultGiveUpSeconds

    func run() throws {
        guard (0.05...3600).contains(scan) else { throw LiveError(.input, "--scan: \(scan) is outside 0.05…3600 seconds") }
        guard unresponsiveAfter >= 0, unresponsiveAfter <= 86_400 else {
            throw LiveError(.input, "--unresponsive-after: \(unresponsiveAfter) is outside 0…86400 seconds")
        }
        guard deadAfter >= unresponsiveAfter, deadAfter <= 86_400 else {
            throw LiveError(.input, "--dead-after: \(deadAfter) must be between --unresponsive-after and 86400 seconds")
        }
        guard ReconnectBackoff.giveUpBounds.contains(giveUpAfter) else {
            throw LiveError(.input, "--give-up-after: \(giveUpAfter) is outside 0.1…86400 seconds")
        }
        if let scans, scans < 1 { throw LiveError(.input, "--scans: \(scans) must be at least 1") }
        let address = try DatabaseAddress(url: db)
        LiveSignals.block()
        let recovery = LiveRecovery(detector: FailureRecovery(
            unresponsiveAfter: VirtualDuration(microseconds: Int64(unresponsiveAfter * 1_000_000)),
            deadAfter: VirtualDuration(microseconds: Int64(deadAfter * 1_000_000))))
        // Unreachable at start is the operator's mistake (exit 2); lost later, it is retried.
        var queue = try LiveBlocking.run {
            let queue = try await LiveQueue.connect(to: address)
            try await queue.migrate()
            return queue
        }
        print("coordinator: watching \(address)")
        fflush(nil)
        let backoff = ReconnectBackoff(giveUpSeconds: giveUpAfter)
        let clock = ContinuousClock()
        // Since when no scan has worked; nil while they do.
        var failingSince: ContinuousClock.Instant?
        let interval = Int(scan * 1000)
        // Until a stopping signal arrives, or `--scans` scans are done.
        for scanNumber in 1...(scans ?? Int.max) {
            do {
                let scanned = queue
                let acted = try LiveBlocking.run {
                    try await recovery.scan(scanned).map { "\($0.1 == .dead ? "node_dead" : "node_unresponsive") \($0.0)" }
                }
                failingSince = nil
                for line in acted { print(line) }
                fflush(nil)
            } catch {
                print("database unreachable: \(LiveError.reason(error)), reconnecting")
                fflush(nil)
                let lost = queue
                LiveBlocking.finish { await lost.close() }
                let since = failingSince ?? clock.now
                failingSince = since
                guard let again = try reconnect(to: address, backoff: backoff, failingSince: since) else { return }
                queue = again
                print("database reachable again")
                fflush(nil)
                continue
            }
            if scanNumber == scans || LiveSignals.take(waitingAtMost: interval) != nil { break }
        }
        let last = queue
        LiveBlocking.finish { await last.close() }
    }

    /// Connects again, waiting longer after each failure (a stopping signal ends the wait:
    /// nil); throws `.io` once the database has been unreachable for the backoff's limit.
    private func reconnect(to address: DatabaseAddress, backoff: ReconnectBackoff,
                           failingSince: ContinuousClock.Instant) throws(LiveError) -> LiveQueue? {
        let clock = ContinuousClock()
        var reason = "no attempt made"
        for attempt in 0..<backoff.attemptLimit {
            if LiveSignals.take(waitingAtMost: backoff.delayMillis(beforeAttempt: attempt)) != nil { return nil }
            do {
                return try LiveBlocking.run { try await LiveQueue.connect(to: address) }
            } catch {
                reason = LiveError.reason(error)
            }
            if clock.now - failingSince >= .milliseconds(Int(backoff.giveUpSeconds * 1000)) { break }
        }
        throw LiveError(.io, "database unreachable for \(backoff.giveUpSeconds) s, giving up: \(reason)")
    }
}
