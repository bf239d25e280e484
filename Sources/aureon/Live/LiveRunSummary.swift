import AureonCluster
import AureonEngine
import AureonPostgres
import AureonScenario

/// What `aureon live run` reports: `simulate`'s summary keys where they apply to a real run
/// (no trace hash, no event queue, no message loss: the network is real), plus the wall time,
/// the processes started and the timeout the run was given. Exit 0 only when the history check
/// passed and every expectation held.
struct LiveRunSummary {
    var scenario: String
    var seed: UInt64
    var nodes: Int
    var timeScale: Double
    var shardsTotal: Int
    var report: LiveHistoryCheck.Report
    var tally: LiveRunTally
    var events: Int
    var wallSeconds: Double
    var timeoutSeconds: Double
    /// Wall seconds from the start until the last shard was done; nil when it never was.
    var completedAfter: Double?
    var processes: Int
    var expectations: [ExpectationResult] = []

    var allRunsComplete: Bool { completedAfter != nil }
    var passed: Bool { report.passed && expectations.allSatisfy(\.passed) }
    /// Shards committed per wall second, from the start until the last shard was done (the
    /// end-to-end throughput BENCHMARKS.md reports); 0 when the run never completed.
    var committedPerSecond: Double {
        guard let completedAfter, completedAfter > 0 else { return 0 }
        return Double(report.committed) / completedAfter
    }
    /// Wall time read as virtual time, as the nodes do.
    var virtualSeconds: Double { wallSeconds * timeScale }

    /// Judges the scenario's expectations over the real history.
    mutating func evaluate(_ expect: Expectations) {
        var results: [ExpectationResult] = []
        if expect.invariantsHold {
            let held = report.passed && tally.duplicateCommits == 0 && tally.lostShards == 0
            results.append(.init(name: "invariants_hold", passed: held,
                                 detail: "\(report.violations.count) violations, \(tally.duplicateCommits) duplicate commits, \(tally.lostShards) lost shards"))
        }
        if let bound = expect.allRunsCompleteBy {
            let at = completedAfter.map { $0 * timeScale }
            let done = at.map { $0 <= bound.seconds } ?? false
            results.append(.init(name: "all_runs_complete_by", passed: done,
                                 detail: at.map { "last shard done at \(Self.rounded($0)) s virtual, bound \(bound)" }
                                     ?? "\(shardsTotal - report.committed - report.deadLettered) shards open at the timeout, bound \(bound)"))
        } else {
            results.append(.init(name: "all_runs_complete", passed: allRunsComplete,
                                 detail: allRunsComplete ? "every run completed"
                                     : "shards still open after the timeout of \(Self.rounded(timeoutSeconds)) s"))
        }
        func minimum(_ name: String, _ bound: Int?, _ actual: Int) {
            guard let bound else { return }
            results.append(.init(name: name, passed: actual >= bound, detail: "\(actual) (at least \(bound))"))
        }
        minimum("min_redeliveries", expect.minRedeliveries, tally.redeliveries)
        minimum("min_resumed_from_checkpoint", expect.minResumedFromCheckpoint, tally.resumedFromCheckpoint)
        minimum("min_stale_writes_rejected", expect.minStaleWritesRejected, report.staleWritesRejected)
        minimum("min_dead_lettered", expect.minDeadLettered, report.deadLettered)
        if let bound = expect.maxDeadLettered {
            results.append(.init(name: "max_dead_lettered", passed: report.deadLettered <= bound, detail: "\(report.deadLettered) (at most \(bound))"))
        }
        expectations = results
    }

    private static func rounded(_ value: Double) -> String { JSONText.number((value * 1000).rounded() / 1000) }

    /// The one-object JSON form.
    var json: String {
        JSONText.object([
            ("scenario", JSONText.string(scenario)),
            ("seed", String(seed)),
            ("nodes", String(nodes)),
            ("time_scale", JSONText.number(timeScale)),
            ("shards_total", String(shardsTotal)),
            ("shards_committed", String(report.committed)),
            ("duplicate_commits", String(tally.duplicateCommits)),
            ("lost_shards", String(tally.lostShards)),
            ("redeliveries", String(tally.redeliveries)),
            ("resumed_from_checkpoint", String(tally.resumedFromCheckpoint)),
            ("stale_writes_rejected", String(report.staleWritesRejected)),
            ("dead_lettered", String(report.deadLettered)),
            ("leases_expired", String(tally.leasesExpired)),
            ("checkpoints_saved", String(tally.checkpointsSaved)),
            ("incarnations_fenced", String(tally.incarnationsFenced)),
            ("virtual_seconds", JSONText.number((virtualSeconds * 1000).rounded() / 1000)),
            ("events_recorded", String(events)),
            ("wall_seconds", JSONText.number((wallSeconds * 1000).rounded() / 1000)),
            ("timeout_seconds", JSONText.number((timeoutSeconds * 1000).rounded() / 1000)),
            ("completed_after_seconds", completedAfter.map { JSONText.number(($0 * 1000).rounded() / 1000) } ?? "null"),
            ("committed_per_second", JSONText.number(committedPerSecond.rounded())),
            ("processes", String(processes)),
            ("invariant_violations", String(report.violations.count)),
            ("violations", JSONText.array(report.violations.prefix(100).map { JSONText.string($0.description) })),
            ("all_runs_complete", String(allRunsComplete)),
            ("expectations", JSONText.array(expectations.map { result in
                JSONText.object([("name", JSONText.string(result.name)), ("pass", String(result.passed)),
                                 ("detail", JSONText.string(result.detail))])
            })),
            ("passed", String(passed)),
        ])
    }

    /// The human form.
    var text: String {
        var lines = [
            "scenario \(scenario) · seed \(seed) · \(nodes) node processes · time scale \(JSONText.number(timeScale))",
            "shards: \(report.committed)/\(shardsTotal) committed, \(report.deadLettered) dead-lettered, \(tally.duplicateCommits) duplicate, \(tally.lostShards) lost",
            "recovery: \(tally.redeliveries) redeliveries, \(tally.resumedFromCheckpoint) resumed from checkpoint, \(tally.leasesExpired) leases expired, \(report.staleWritesRejected) stale writes rejected, \(tally.incarnationsFenced) incarnations fenced",
            "time: \(Self.rounded(virtualSeconds)) s virtual, \(Self.rounded(wallSeconds)) s wall (timeout \(Self.rounded(timeoutSeconds)) s), \(events) events, \(processes) processes",
            "throughput: \(JSONText.number(committedPerSecond.rounded())) shards committed per second",
            "history check: \(report.passed ? "passed" : "\(report.violations.count) VIOLATED")",
        ]
        lines += report.violations.prefix(10).map { "  violation: \($0)" }
        lines += expectations.map { "  expect \($0.name): \($0.passed ? "pass" : "FAIL") — \($0.detail)" }
        lines.append(passed ? "result: PASS" : "result: FAIL")
        return lines.joined(separator: "\n")
    }
}
