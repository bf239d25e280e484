import ArgumentParser
import AureonCluster
import AureonEngine
import AureonScenario
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `aureon simulate`: runs a scenario headless until every run completes (or `--until`),
/// then prints a summary. Exit 0 when invariants and expectations hold, 1 when not, 2 on bad input.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run the simulated cluster headless and print a summary."
    )

    @OptionGroup var cluster: ClusterFlags
    @OptionGroup var runFlags: RunFlags
    @Option(name: .long, help: "Stop at this virtual time (e.g. 10m, 24h).")
    var until: String?
    @Option(name: .customLong("checkpoint-dir"), help: "Keep checkpoints as JSON files in this directory.")
    var checkpointDirectory: String?
    @Option(name: .long, help: "Write every event to this file as JSON lines.")
    var events: String?
    @Option(name: .long, help: "Write a recording (seed, configuration, every action) to replay with `aureon replay`.")
    var record: String?
    @Flag(name: .long, help: "Print the summary as one JSON object.")
    var json = false
    @Option(name: .long, help: ArgumentHelp(
        "Break the queue on purpose, to watch the checker catch it: \(QueueDefects.named.map(\.name).joined(separator: ", ")).",
        valueName: "name"))
    var defect: [String] = []

    func run() throws {
        var scenario = try cluster.baseScenario(defaultNodes: 12, defaultConcurrency: 4)
        try runFlags.apply(to: &scenario)
        var limit: VirtualDuration?
        if let until {
            guard let value = DurationFormat.parse(until), value > .zero else {
                throw InputError("--until must be a positive duration such as 90s, 10m or 24h (got '\(until)')")
            }
            limit = value
        }
        let store: (any CheckpointStore)?
        if let checkpointDirectory {
            do {
                store = try JSONDirectoryCheckpointStore(directory: URL(fileURLWithPath: checkpointDirectory))
            } catch {
                throw InputError(error.message)
            }
        } else {
            store = nil
        }
        var eventWriter: LineWriter?
        if let events { eventWriter = try LineWriter(path: events) }
        let naming = scenario.configuration.naming
        let sink = eventWriter.map { writer in { (event: ClusterEvent) in writer.write(EventJSON.line(event, naming: naming)) } }
        var defects: QueueDefects = []
        for name in defect {
            guard let known = QueueDefects.named.first(where: { $0.name == name }) else {
                throw InputError("--defect: unknown defect '\(name.prefix(40))' (one of: \(QueueDefects.named.map(\.name).joined(separator: ", ")))")
            }
            defects.insert(known.defect)
        }
        let simulation = try scenario.makeSimulation(checkpointStore: store, queueDefects: defects, eventSink: sink)
        if !json {
            simulation.narrationSink = { time, text in print("[\(time)] \(text)") }
        }

        let clock = ContinuousClock()
        let started = clock.now
        let bound = limit ?? scenario.expectations.allRunsCompleteBy ?? .seconds(48 * 3_600)
        simulation.runUntilIdle(limit: .zero + bound)
        let elapsed = started.duration(to: clock.now)
        eventWriter?.close()
        if let record {
            do {
                try Recording(scenarioName: scenario.name, simulation: simulation).text.write(toFile: record, atomically: true, encoding: .utf8)
            } catch {
                throw InputError(file: record, "cannot write recording: \(error.localizedDescription)")
            }
        }

        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let summary = SimulationSummary(simulation: simulation, scenario: scenario, stoppedEarly: limit != nil, wallSeconds: wall)
        print(json ? summary.json : summary.text)
        // Exit here rather than return: tearing down a million-shard simulation object by object
        // takes longer than some whole runs, and the process is ending anyway.
        fflush(nil)
        Glibc.exit(summary.passed ? 0 : 1)
    }
}
