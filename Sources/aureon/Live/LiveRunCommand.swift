import ArgumentParser
import AureonCluster
import AureonEngine
import AureonInput
import AureonPostgres
import AureonScenario
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `aureon live run`: a headless live run for tests and benchmarks. Starts the database (or
/// uses `--db`), enqueues the scenario's runs, starts the coordinator and `--nodes` node
/// processes (`LiveCluster`), kills and pauses nodes at the times asked for, waits until every
/// shard is committed or dead-lettered (or the timeout it derives runs out), stops everything,
/// checks the history and prints `simulate`'s summary keys where they apply. Exit 0 when the
/// invariants and expectations hold, 1 when not (or when stopped by a signal), 2 on bad input,
/// 3 on I/O. Nothing it started outlives it.
struct LiveRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the cluster as real processes over PostgreSQL, break it on schedule, check the history."
    )

    @Option(name: .long, help: "The database (default: a throwaway cluster of its own).")
    var db: String?
    @OptionGroup var cluster: ClusterFlags
    @OptionGroup var runFlags: RunFlags
    @OptionGroup var time: TimeScaleFlag
    @Option(name: .long, help: "SIGKILL this many nodes (the highest-numbered not paused) at the next --at.")
    var kill: Int?
    @Option(name: .long, help: "SIGSTOP this node at the next --at, for --for, then SIGCONT it.")
    var pause: String?
    @Option(name: .long, help: "When (virtual time) --kill or --pause happens: one each, in the order they are given.")
    var at: [String] = []
    @Option(name: .customLong("for"), help: "How long (virtual time) the --pause lasts.")
    var pauseFor: String?
    @Flag(name: .long, help: "Print the summary as one JSON object.")
    var json = false

    /// How often the run looks at its processes and the queue.
    static let pollMilliseconds = 50
    /// The live run's bound on node processes (each one a process and a connection).
    static let nodeLimit = 64

    func run() throws {
        LiveSignals.block()
        let (scenario, plan) = try parse()
        let scale = time.timeScale
        let configuration = scenario.configuration
        let settings = LiveCluster.Settings(playing: configuration, scenario: cluster.scenario, scale: scale,
                                            database: try db.map { try DatabaseAddress(url: $0) }, nodeNames: plan.nodeNames)
        let immediate = plan.runs.filter { $0.at == .zero }
        var later = plan.runs.filter { $0.at > .zero }.sorted { $0.at < $1.at }
        let clock = ContinuousClock()
        let cluster = try LiveCluster(settings) { address throws(LiveError) in
            try Self.schedule(immediate, at: address)
        }
        defer { cluster.stop() }
        let address = cluster.address
        let queue = try Self.database("connecting to \(address)") { try await LiveQueue.connect(to: address) }
        defer { LiveBlocking.finish { await queue.close() } }
        let started = clock.now
        narrate(.zero, "started the coordinator and \(plan.nodeNames.count) nodes against \(address) (timeout \(LiveRunPlan.seconds(plan.timeout)) s)")

        var steps = plan.steps[...]
        var completedAfter: Duration?
        var signal: Int32?
        // Bounded by the plan's timeout: every pass waits `pollMilliseconds` for a signal.
        while completedAfter == nil || !steps.isEmpty || cluster.nodes.contains(where: { $0.state.isPaused }) {
            let elapsed = started.duration(to: clock.now)
            guard elapsed < plan.timeout else { break }
            while let next = steps.first, next.at <= elapsed {
                steps.removeFirst()
                try carryOut(next.step, on: cluster, at: elapsed, scale: scale)
            }
            while let next = later.first, next.at <= elapsed {
                later.removeFirst()
                _ = try Self.database("enqueueing run \(next.name)") {
                    try await queue.schedule(run: next.name, maxReceiveCount: next.maxReceiveCount, shards: next.shards)
                }
                narrate(elapsed, "enqueued run \(next.name): \(next.shards.count) shards")
            }
            try watch(cluster)
            if completedAfter == nil && later.isEmpty {
                let counts = try Self.database("counting shards") { try await queue.counts() }
                if counts.open == 0 {
                    completedAfter = started.duration(to: clock.now)
                    narrate(completedAfter ?? elapsed, "every shard is committed or dead-lettered")
                }
            }
            signal = LiveSignals.take(waitingAtMost: Self.pollMilliseconds)
            if signal != nil { break }
        }
        let processes = cluster.processesStarted
        cluster.stopProcesses(with: signal == nil ? SIGTERM : SIGINT)
        let wall = started.duration(to: clock.now)
        if let signal {
            cluster.stop()
            FileHandle.standardError.write(Data("aureon: live run stopped by signal \(signal) before it finished; everything it started is stopped\n".utf8))
            throw ExitCode(1)
        }
        if completedAfter == nil {
            narrate(wall, "timeout: shards still open after \(LiveRunPlan.seconds(plan.timeout)) s (\(plan.timeoutReason))")
        }
        let history = try Self.database("reading the history") { try await queue.history() }
        var summary = LiveRunSummary(
            scenario: scenario.name, seed: configuration.seed, nodes: plan.nodeNames.count, timeScale: scale,
            shardsTotal: plan.runs.reduce(0) { $0 + $1.shards.count }, report: LiveHistoryCheck.check(history),
            tally: LiveRunTally(history), events: history.events.count, wallSeconds: wall.seconds,
            timeoutSeconds: plan.timeout.seconds, completedAfter: completedAfter?.seconds, processes: processes)
        summary.evaluate(scenario.expectations)
        print(json ? summary.json : summary.text)
        fflush(nil)
        if !summary.passed { throw ExitCode(1) }
    }

    /// The scenario with the flags applied, and the plan; every input error is found here,
    /// before anything starts.
    private func parse() throws -> (Scenario, LiveRunPlan) {
        var scenario = try cluster.settings.baseScenario(defaultNodes: 4, defaultConcurrency: 4)
        if runFlags.iterations != nil { throw InputError("--iterations: a live run makes one pass over each run's shards") }
        try runFlags.settings.apply(to: &scenario)
        do {
            try scenario.configuration.validate()
        } catch {
            throw InputError(file: scenario.source, "cluster.\(error.key): \(error.problem)")
        }
        if let action = scenario.actions.first {
            throw InputError(file: scenario.source, line: action.line, "actions: a live run takes its kills and pauses from --kill and --pause")
        }
        guard scenario.configuration.nodeCount <= Self.nodeLimit else {
            throw InputError("--nodes: a live run starts at most \(Self.nodeLimit) node processes (got \(scenario.configuration.nodeCount))")
        }
        _ = try time.clock()
        // `--at` belongs to `--kill` and `--pause` in the order they were written.
        let order = Self.actionOrder(CommandLine.arguments, named: ["--kill", "--pause"]).filter { $0 == "--kill" ? kill != nil : pause != nil }
        guard at.count == order.count else {
            throw InputError("--at: give one after --kill N and one after --pause NODE (got \(at.count) for \(order.count))")
        }
        var times: [String: VirtualDuration] = [:]
        for (flag, text) in zip(order, at) {
            if case let .duration(value) = try FlagValue.parse("--at", text, KeyDescriptor("at", .duration(positive: false), "")) {
                times[flag] = value
            }
        }
        var pauseDuration: VirtualDuration?
        if let pauseFor {
            guard pause != nil else { throw InputError("--for needs --pause NODE") }
            if case let .duration(value) = try FlagValue.parse("--for", pauseFor, KeyDescriptor("for", .duration(positive: true), "")) {
                pauseDuration = value
            }
        } else if pause != nil {
            throw InputError("--pause needs --for D (how long the node stays stopped)")
        }
        let plan = try LiveRunPlan(scenario: scenario, scale: time.timeScale, kill: kill, killAt: times["--kill"], pause: pause,
                                   pauseAt: times["--pause"], pauseFor: pauseDuration)
        return (scenario, plan)
    }

    /// The flags of `names` in the order they first appear among `arguments`.
    static func actionOrder(_ arguments: [String], named names: [String]) -> [String] {
        let positions = names.compactMap { name in
            arguments.firstIndex { $0 == name || $0.hasPrefix(name + "=") }.map { (name, $0) }
        }
        return positions.sorted { $0.1 < $1.1 }.map(\.0)
    }

    private func carryOut(_ step: LiveRunPlan.Step, on cluster: LiveCluster, at elapsed: Duration, scale: Double) throws {
        switch step {
        case let .kill(names):
            for name in names {
                let pid = cluster.nodes.first { $0.name == name }?.pid ?? 0
                try cluster.kill(name)
                narrate(elapsed, "SIGKILLed \(name) (pid \(pid))")
            }
        case let .pause(name, duration):
            try cluster.pause(name, for: duration)
            narrate(elapsed, "SIGSTOPped \(name) for \(LiveRunPlan.seconds(duration)) s")
        }
    }

    /// Fails the run when the coordinator has ended, or every node has ended of itself.
    private func watch(_ cluster: LiveCluster) throws(LiveError) {
        let members = cluster.refresh()
        if let coordinator = members.first(where: { $0.role == .coordinator }), let status = coordinator.state.exitStatus {
            throw LiveError(.io, "the coordinator exited with status \(status): \(Self.lastLine(cluster.output(of: coordinator.name)))")
        }
        let nodes = members.filter { $0.role == .node }
        if let last = nodes.last, nodes.allSatisfy({ $0.state.exitStatus != nil }) {
            throw LiveError(.io, "every node process has ended; \(last.name) exited with status \(last.state.exitStatus ?? -1): \(Self.lastLine(cluster.output(of: last.name)))")
        }
    }

    private static func lastLine(_ text: String) -> String {
        String(text.split(separator: "\n").last ?? "(no output)").prefix(200).description
    }

    private func narrate(_ elapsed: Duration, _ text: String) {
        guard !json else { return }
        print("[\(LiveRunPlan.seconds(elapsed)) s] \(text)")
        fflush(nil)
    }

    private static func schedule(_ runs: [LiveRunPlan.Run], at address: DatabaseAddress) throws(LiveError) {
        try database("enqueueing the runs at \(address)") {
            let queue = try await LiveQueue.connect(to: address)
            do {
                for run in runs {
                    _ = try await queue.schedule(run: run.name, maxReceiveCount: run.maxReceiveCount, shards: run.shards)
                }
                await queue.close()
            } catch {
                await queue.close()
                throw error
            }
        }
    }

    /// Runs one database step; a failure is an I/O error naming the step (a `LiveError`, such as
    /// an unreachable database, as it is).
    private static func database<Value: Sendable>(_ step: String, _ body: @escaping @Sendable () async throws -> Value) throws(LiveError) -> Value {
        do {
            return try LiveBlocking.run(body)
        } catch let error as LiveError {
            throw error
        } catch {
            throw LiveError(.io, "\(step) failed: \(LiveError.reason(error))")
        }
    }
}

private extension LiveCluster.State {
    var isPaused: Bool {
        if case .paused = self { return true }
        return false
    }
}

private extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
