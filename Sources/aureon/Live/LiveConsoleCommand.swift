import ArgumentParser
import AureonConsole
import AureonPostgres
import AureonScenario
#if canImport(Glibc)
import Glibc
#endif

/// `aureon live` with no subcommand: a throwaway database (or `--db`), the coordinator and
/// `--nodes` node processes with a run to keep them busy, and the console attached to them.
/// Quitting stops everything it started and leaves nothing behind (`LiveCluster`).
struct LiveConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Start a live cluster (database, coordinator, nodes, a run) and open the console on it (the default)."
    )

    @Option(name: .long, help: "The database (default: a throwaway cluster of its own).")
    var db: String?
    @OptionGroup var cluster: ClusterFlags
    @OptionGroup var runFlags: RunFlags
    @OptionGroup var time: TimeScaleFlag
    @OptionGroup var look: ConsoleLookFlags

    /// Nodes when `--nodes` is not given.
    static let defaultNodes = 4

    func run() throws {
        let settings = try look.makeSettings()
        _ = try time.clock()
        let scale = time.timeScale
        var scenario = try cluster.settings.baseScenario(defaultNodes: Self.defaultNodes, defaultConcurrency: ConsoleDefaults.concurrency)
        guard scenario.configuration.nodeCount <= LiveRunCommand.nodeLimit else {
            throw InputError("--nodes: a live cluster starts at most \(LiveRunCommand.nodeLimit) node processes")
        }
        try runFlags.settings.apply(to: &scenario)
        let plan = try LiveRunPlan(scenario: scenario, scale: scale, kill: nil, killAt: nil, pause: nil, pauseAt: nil, pauseFor: nil)
        try ConsoleCommand.checkTerminal()
        let configuration = scenario.configuration
        let runs = plan.runs
        let database = try db.map { try DatabaseAddress(url: $0) }
        let processes = LiveCluster.Settings(playing: configuration, scenario: cluster.scenario, scale: scale, database: database,
                                             nodeNames: plan.nodeNames, partitionable: database == nil)
        let live = try LiveCluster(processes) { address throws(LiveError) in
            do {
                try LiveBlocking.run {
                    let queue = try await LiveQueue.connect(to: address)
                    for run in runs { _ = try? await queue.schedule(run: run.name, maxReceiveCount: run.maxReceiveCount, shards: run.shards) }
                    await queue.close()
                }
            } catch {
                throw LiveError(.io, "enqueueing the run at \(address) failed: \(LiveError.reason(error))")
            }
        }
        defer { live.stop() }
        let interrupted = try LiveConsoleSession.run(address: live.address, settings: settings, launcher: live)
        live.stop()
        try ConsoleCommand.exitIfSignalled()
        if interrupted { throw ExitCode(128 + SIGINT) }
    }
}
