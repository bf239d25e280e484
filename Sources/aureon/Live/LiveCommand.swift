import ArgumentParser

/// `aureon live …`: the cluster as real processes over PostgreSQL.
struct LiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live",
        abstract: "Live mode over PostgreSQL: the console over real processes, a throwaway database, headless runs and the history check.",
        subcommands: [LiveConsoleCommand.self, LiveDatabaseCommand.self, LiveCheckCommand.self, LiveBenchCommand.self, LiveRunCommand.self],
        defaultSubcommand: LiveConsoleCommand.self
    )
}
