import ArgumentParser

/// `aureon drill …`: operator training. `aureon drill NAME` plays a drill in the console.
struct DrillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drill",
        abstract: "Training drills: list them, play one in the console, grade attempts, show the history.",
        subcommands: [DrillListCommand.self, DrillPlayCommand.self, DrillRunCommand.self, DrillCheckCommand.self, DrillHistoryCommand.self],
        defaultSubcommand: DrillPlayCommand.self
    )
}

/// Where attempts are kept: `--db PATH`, or the XDG data folder.
struct AttemptDatabaseFlags: ParsableArguments {
    @Option(name: .long, help: "SQLite file for attempts (default $XDG_DATA_HOME/aureon/aureon.sqlite).")
    var db: String?
}
