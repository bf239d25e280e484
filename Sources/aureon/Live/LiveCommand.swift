import ArgumentParser

/// `aureon live …`: the cluster as real processes over PostgreSQL.
struct LiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live",
        abstract: "Live mode over PostgreSQL: a throwaway database, and the history check of a real run.",
        subcommands: [LiveDatabaseCommand.self, LiveCheckCommand.self, LiveBenchCommand.self, LiveRunCommand.self]
    )
}
