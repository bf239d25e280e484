import ArgumentParser
import AureonScenario
import AureonTraining

/// `aureon drill NAME`: briefing, live console with the objectives panel, debrief.
struct DrillPlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "play", abstract: "Play a drill in the console (the default: `aureon drill NAME`).")

    @Argument(help: "The drill (a name from `aureon drill list`, or a drill file).")
    var name: String

    func run() throws {
        _ = try DrillCatalog().drill(named: name)
        throw InputError("the drill console is not built yet")
    }
}
