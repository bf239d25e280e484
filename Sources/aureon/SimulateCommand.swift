import ArgumentParser

/// `aureon simulate`: runs a scenario headless until every run completes (or `--until`),
/// then prints a summary. Exit 0 when invariants and expectations hold, 1 when not, 2 on bad
/// input, 3 when writing an output or the checkpoint directory fails.
struct SimulateCommand: ParsableCommand {
    /// `_superCommandName` matters only when `simulate` is parsed on its own (``Entry/parsedCommand(_:)``):
    /// it skips ArgumentParser's completion-script check, two more reflected commands, at start-up.
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        _superCommandName: "aureon",
        abstract: "Run the simulated cluster headless and print a summary."
    )

    private typealias Flags = SimulateRequest.Flags

    @OptionGroup var cluster: ClusterFlags
    @OptionGroup var runFlags: RunFlags
    @Option(name: Flags.until.name, help: Flags.until.help)
    var until: String?
    @Option(name: Flags.checkpointDirectory.name, help: Flags.checkpointDirectory.help)
    var checkpointDirectory: String?
    @Flag(name: Flags.checkpointDirectoryReset.name, help: Flags.checkpointDirectoryReset.help)
    var checkpointDirectoryReset = false
    @Option(name: Flags.events.name, help: Flags.events.help)
    var events: String?
    @Option(name: Flags.record.name, help: Flags.record.help)
    var record: String?
    @Flag(name: Flags.json.name, help: Flags.json.help)
    var json = false
    @Option(name: Flags.defect.name, help: Flags.defect.help)
    var defect: [String] = []

    /// What ArgumentParser parsed, as plain data.
    var request: SimulateRequest {
        SimulateRequest(cluster: cluster.settings, runs: runFlags.settings, until: until, checkpointDirectory: checkpointDirectory,
                        checkpointDirectoryReset: checkpointDirectoryReset, events: events, record: record, json: json, defect: defect)
    }

    func run() throws { try request.run() }
}
