import ArgumentParser
import AureonPostgres
import AureonScenario
import Foundation

/// `aureon live bench`: the raw queue's throughput on this machine — N workers drain J jobs
/// through the fenced lease/checkpoint/ack statements — then the history check over what they
/// did. Against `--db URL`, or a throwaway cluster of its own (gone afterwards).
struct LiveBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the PostgreSQL queue: jobs per second drained by N workers, then check the history."
    )

    @Option(name: .long, help: "The database (default: a throwaway cluster of its own).")
    var db: String?
    @Option(name: .long, help: "Concurrent workers, each on its own connection (1–64).")
    var workers = 4
    @Option(name: .long, help: "Jobs to drain (1–1000000).")
    var jobs = 10_000
    @Option(name: .long, help: "Shards leased per statement (1–1000).")
    var batch = 8
    @Flag(name: .customLong("no-checkpoints"), help: "Lease and ack only (no progress checkpoint per job).")
    var noCheckpoints = false
    @Flag(name: .long, help: "Print the result as one JSON object.")
    var json = false

    func run() throws {
        for (flag, value, bounds) in [("--workers", workers, 1...64), ("--jobs", jobs, 1...1_000_000), ("--batch", batch, 1...1_000)]
        where !bounds.contains(value) {
            throw LiveError(.input, "\(flag): \(value) is outside \(bounds.lowerBound)…\(bounds.upperBound)")
        }
        LiveSignals.block()
        var server: ThrowawayPostgres?
        let address: DatabaseAddress
        if let db {
            address = try DatabaseAddress(url: db)
        } else {
            guard let binaries = PostgresBinaries.locate() else {
                throw LiveError(.input, "live mode needs the PostgreSQL server programs (initdb, pg_ctl); install postgresql, or pass --db URL")
            }
            let started = try ThrowawayPostgres(binaries: binaries)
            server = started
            address = started.address
        }
        defer { server?.stop() }
        let (workers, jobs, batch, checkpoints) = (self.workers, self.jobs, self.batch, !noCheckpoints)
        let measured = try LiveBlocking.run {
            let queue = try await LiveQueue.connect(to: address)
            do {
                try await queue.migrate()
                let specs = (0..<jobs).map { ShardSpec(key: "item:\($0)", placement: "bench-\($0 % workers + 1)", workMicros: 1_000) }
                let run = try await queue.schedule(run: "bench", maxReceiveCount: 5, shards: specs)
                let clock = ContinuousClock()
                let started = clock.now
                let acked = try await QueueDrain.run(address: address, workers: workers, batch: batch, checkpoints: checkpoints, prefix: "bench")
                let elapsed = clock.now - started
                let counts = try await queue.counts(run: run)
                let report = LiveHistoryCheck.check(try await queue.history())
                await queue.close()
                return (acked, elapsed, counts, report)
            } catch {
                await queue.close()
                throw LiveError(.io, "the benchmark against \(address) failed: \(LiveError.reason(error))")
            }
        }
        let (acked, elapsed, counts, report) = measured
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(acked) / seconds : 0
        // Every value but the verdict is a JSON number or boolean as printed.
        let fields: [(String, String)] = [
            ("jobs", String(jobs)), ("workers", String(workers)), ("batch", String(batch)),
            ("checkpoints", checkpoints ? "true" : "false"), ("acked", String(acked)), ("open", String(counts.open)),
            ("wall_seconds", String(format: "%.3f", seconds)), ("jobs_per_second", String(format: "%.0f", rate)),
        ]
        let verdict = report.passed ? "passed" : "failed"
        if json {
            print(JSONText.object(fields + [("history_check", JSONText.string(verdict))]))
        } else {
            for (key, value) in fields { print("\(key): \(value)") }
            print("history_check: \(verdict)")
            for violation in report.violations.prefix(100) { print("violation: \(violation)") }
        }
        if !report.passed || acked != jobs { throw ExitCode(1) }
    }
}
