import ArgumentParser

/// `aureon`: the console by default, and headless commands for tests, CI and labs.
struct AureonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aureon",
        abstract: "A terminal operations console over a deterministic simulated cluster.",
        version: AureonCommand.version,
        subcommands: [
            ConsoleCommand.self, SimulateCommand.self, ReplayCommand.self, BranchesCommand.self, ExploreCommand.self, ExploreWorkerCommand.self,
            FuzzCommand.self, FuzzWorkerCommand.self,
            DemoCommand.self,
            BenchCommand.self, BenchConsoleCommand.self, DrillCommand.self, LiveCommand.self, CoordinatorCommand.self, NodeCommand.self,
        ],
        defaultSubcommand: ConsoleCommand.self
    )

    /// The release this build is (`aureon --version`).
    static let version = "aureon 0.10.0"
}
