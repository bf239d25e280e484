import ArgumentParser
import AureonPostgres
import AureonScenario

/// `aureon live check URL`: reads a live cluster's events table and checks, after the fact,
/// the invariants that apply to a real history. Exit 0 when they hold, 1 when not, 2 when the
/// URL is bad or the database cannot be reached, 3 on another database failure.
struct LiveCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a live cluster's history: exactly once, fencing, no lease to a fenced incarnation, monotone progress."
    )

    @Argument(help: "The cluster's database, postgres://user@host:port/database.")
    var url: String
    @Flag(name: .long, help: "Print the report as one JSON object.")
    var json = false

    func run() throws {
        let address = try DatabaseAddress(url: url)
        let history = try LiveBlocking.run {
            let queue = try await LiveQueue.connect(to: address)
            do {
                let history = try await queue.history()
                await queue.close()
                return history
            } catch {
                await queue.close()
                throw LiveError(.io, "reading the history from \(address) failed: \(LiveError.reason(error))")
            }
        }
        let report = LiveHistoryCheck.check(history)
        if json {
            print(JSONText.object([
                ("shards", String(report.shards)), ("committed", String(report.committed)),
                ("dead_lettered", String(report.deadLettered)), ("stale_writes_rejected", String(report.staleWritesRejected)),
                ("events", String(history.events.count)), ("passed", report.passed ? "true" : "false"),
                ("violations", JSONText.array(report.violations.map { JSONText.string($0.description) })),
            ]))
        } else {
            print("shards: \(report.shards)")
            print("committed: \(report.committed)")
            print("dead_lettered: \(report.deadLettered)")
            print("stale_writes_rejected: \(report.staleWritesRejected)")
            print("events: \(history.events.count)")
            print("history_check: \(report.passed ? "passed" : "failed")")
            for violation in report.violations.prefix(100) { print("violation: \(violation)") }
        }
        if !report.passed { throw ExitCode(1) }
    }
}
