import AureonCluster
import AureonEngine

/// What a headless run reports (the `simulate --json` contract).
public struct SimulationSummary: Sendable {
    public var scenario: String
    public var seed: UInt64
    public var nodes: Int
    public var shardsTotal: Int
    public var shardsCommitted: Int
    public var duplicateCommits: Int
    public var lostShards: Int
    public var redeliveries: Int
    public var resumedFromCheckpoint: Int
    public var staleWritesRejected: Int
    public var deadLettered: Int
    public var leasesExpired: Int
    public var checkpointsSaved: Int
    /// Messages dropped by the loss fault, per plane.
    public var controlMessagesLost: Int
    public var dataMessagesLost: Int
    public var leasesAbandoned: Int
    public var alreadyCommitted: Int
    public var incarnationsFenced: Int
    public var virtualSeconds: Double
    public var eventsProcessed: Int
    public var eventsRecorded: UInt64
    public var peakPendingEvents: Int
    public var wallSeconds: Double
    public var traceHash: String
    public var invariantViolations: Int
    public var violations: [String]
    public var expectations: [ExpectationResult]
    public var runs: [RunSummary]
    public var allRunsComplete: Bool

    public struct RunSummary: Sendable {
        public let id: String
        public let iterations: Int
        public let shards: Int
        public let committed: Int
        public let deadLettered: Int
        public let completedAtSeconds: Double?
        public let converged: Bool
    }

    /// Exit 0 only when invariants hold and every expectation passed.
    public var passed: Bool { expectations.allSatisfy(\.passed) }

    public init(simulation: ClusterSimulation, scenario: Scenario, stoppedEarly: Bool, wallSeconds: Double) {
        let counters = simulation.counters
        self.scenario = scenario.name
        seed = simulation.configuration.seed
        nodes = simulation.configuration.nodeCount
        shardsTotal = counters.shardsScheduled
        shardsCommitted = counters.commits
        duplicateCommits = simulation.checker.duplicateCommits
        lostShards = simulation.checker.lostShards
        redeliveries = counters.redeliveries
        resumedFromCheckpoint = counters.resumedFromCheckpoint
        staleWritesRejected = counters.staleWritesRejected
        deadLettered = counters.deadLettered
        leasesExpired = counters.leasesExpired
        checkpointsSaved = counters.checkpointsSaved
        controlMessagesLost = counters.controlMessagesLost
        dataMessagesLost = counters.dataMessagesLost
        leasesAbandoned = counters.leasesAbandoned
        alreadyCommitted = counters.alreadyCommitted
        incarnationsFenced = counters.incarnationsFenced
        virtualSeconds = simulation.now.seconds
        eventsProcessed = counters.eventsProcessed
        eventsRecorded = simulation.events.totalCount
        peakPendingEvents = simulation.peakScheduledEventCount
        self.wallSeconds = wallSeconds
        traceHash = simulation.traceHash.hexDigest
        invariantViolations = simulation.checker.violationCount
        violations = simulation.checker.violations.map(\.description)
        allRunsComplete = simulation.isIdle
        runs = simulation.runs.map { run in
            var completedAt: Double?
            var converged = false
            if case let .completed(at, didConverge) = run.status {
                completedAt = at.seconds
                converged = didConverge
            }
            return RunSummary(id: run.spec.id.rawValue, iterations: run.iteration, shards: run.shardCount,
                              committed: run.totalCommitted, deadLettered: run.totalDeadLettered,
                              completedAtSeconds: completedAt, converged: converged)
        }
        expectations = Self.evaluate(scenario.expectations, simulation: simulation, stoppedEarly: stoppedEarly,
                                     duplicateCommits: duplicateCommits, lostShards: lostShards)
    }

    private static func evaluate(
        _ expect: Expectations, simulation: ClusterSimulation, stoppedEarly: Bool, duplicateCommits: Int, lostShards: Int
    ) -> [ExpectationResult] {
        let counters = simulation.counters
        var results: [ExpectationResult] = []
        if expect.invariantsHold {
            let violations = simulation.checker.violationCount
            results.append(.init(name: "invariants_hold", passed: violations == 0 && duplicateCommits == 0 && lostShards == 0,
                                 detail: "\(violations) violations, \(duplicateCommits) duplicate commits, \(lostShards) lost shards"))
        }
        let lastCompletion = simulation.runs.compactMap { run -> VirtualTime? in
            if case let .completed(at, _) = run.status { return at }
            return nil
        }.max()
        if let bound = expect.allRunsCompleteBy {
            let done = simulation.isIdle && (lastCompletion ?? .zero) <= .zero + bound
            results.append(.init(name: "all_runs_complete_by", passed: done,
                                 detail: done ? "last run completed at \(lastCompletion ?? .zero), bound \(bound)"
                                     : "\(simulation.incompleteRunCount) runs incomplete at \(simulation.now), bound \(bound)"))
        } else if !stoppedEarly {
            // Liveness (invariant 5) with the default bound: the run ended because time ran out.
            results.append(.init(name: "all_runs_complete", passed: simulation.isIdle,
                                 detail: simulation.isIdle ? "every run completed" : "\(simulation.incompleteRunCount) runs incomplete at \(simulation.now)"))
        }
        func minimum(_ name: String, _ bound: Int?, _ actual: Int) {
            guard let bound else { return }
            results.append(.init(name: name, passed: actual >= bound, detail: "\(actual) (at least \(bound))"))
        }
        minimum("min_redeliveries", expect.minRedeliveries, counters.redeliveries)
        minimum("min_resumed_from_checkpoint", expect.minResumedFromCheckpoint, counters.resumedFromCheckpoint)
        minimum("min_stale_writes_rejected", expect.minStaleWritesRejected, counters.staleWritesRejected)
        minimum("min_dead_lettered", expect.minDeadLettered, counters.deadLettered)
        if let bound = expect.maxDeadLettered {
            results.append(.init(name: "max_dead_lettered", passed: counters.deadLettered <= bound, detail: "\(counters.deadLettered) (at most \(bound))"))
        }
        return results
    }

    /// The one-object JSON form.
    public var json: String {
        JSONText.object([
            ("scenario", JSONText.string(scenario)),
            ("seed", String(seed)),
            ("nodes", String(nodes)),
            ("shards_total", String(shardsTotal)),
            ("shards_committed", String(shardsCommitted)),
            ("duplicate_commits", String(duplicateCommits)),
            ("lost_shards", String(lostShards)),
            ("redeliveries", String(redeliveries)),
            ("resumed_from_checkpoint", String(resumedFromCheckpoint)),
            ("stale_writes_rejected", String(staleWritesRejected)),
            ("dead_lettered", String(deadLettered)),
            ("leases_expired", String(leasesExpired)),
            ("checkpoints_saved", String(checkpointsSaved)),
            ("messages_lost", JSONText.object([("control", String(controlMessagesLost)), ("data", String(dataMessagesLost))])),
            ("leases_abandoned", String(leasesAbandoned)),
            ("already_committed", String(alreadyCommitted)),
            ("incarnations_fenced", String(incarnationsFenced)),
            ("virtual_seconds", JSONText.number(virtualSeconds)),
            ("events_processed", String(eventsProcessed)),
            ("events_recorded", String(eventsRecorded)),
            ("peak_pending_events", String(peakPendingEvents)),
            ("wall_seconds", JSONText.number((wallSeconds * 1_000_000).rounded() / 1_000_000)),
            ("trace_hash", JSONText.string(traceHash)),
            ("trace_hash_version", String(TraceHasher.formatVersion)),
            ("invariant_violations", String(invariantViolations)),
            ("violations", JSONText.array(violations.map(JSONText.string))),
            ("all_runs_complete", String(allRunsComplete)),
            ("runs", JSONText.array(runs.map { run in
                JSONText.object([
                    ("id", JSONText.string(run.id)), ("iterations", String(run.iterations)), ("shards", String(run.shards)),
                    ("committed", String(run.committed)), ("dead_lettered", String(run.deadLettered)),
                    ("completed_at_seconds", run.completedAtSeconds.map(JSONText.number) ?? "null"),
                    ("converged", String(run.converged)),
                ])
            })),
            ("expectations", JSONText.array(expectations.map { result in
                JSONText.object([("name", JSONText.string(result.name)), ("pass", String(result.passed)),
                                 ("detail", JSONText.string(result.detail))])
            })),
            ("passed", String(passed)),
        ])
    }

    /// The human form.
    public var text: String {
        var lines = [
            "scenario \(scenario) · seed \(seed) · \(nodes) nodes",
            "shards: \(shardsCommitted)/\(shardsTotal) committed, \(deadLettered) dead-lettered, \(duplicateCommits) duplicate, \(lostShards) lost",
            "recovery: \(redeliveries) redeliveries, \(resumedFromCheckpoint) resumed from checkpoint, \(alreadyCommitted) already committed, \(leasesExpired) leases expired, \(leasesAbandoned) abandoned, \(staleWritesRejected) stale writes rejected",
            "network: \(controlMessagesLost) control and \(dataMessagesLost) data messages lost · \(incarnationsFenced) incarnations fenced",
            "time: \(JSONText.number((virtualSeconds * 1000).rounded() / 1000)) s virtual, \(eventsProcessed) events, \(JSONText.number((wallSeconds * 1000).rounded() / 1000)) s wall",
            "trace hash \(traceHash) (format v\(TraceHasher.formatVersion)) · invariants: \(invariantViolations == 0 ? "hold" : "\(invariantViolations) VIOLATED")",
        ]
        lines += violations.prefix(10).map { "  violation: \($0)" }
        lines += expectations.map { "  expect \($0.name): \($0.passed ? "pass" : "FAIL") — \($0.detail)" }
        lines.append(passed ? "result: PASS" : "result: FAIL")
        return lines.joined(separator: "\n")
    }
}
