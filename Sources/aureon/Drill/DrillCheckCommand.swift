import ArgumentParser
import AureonScenario
import AureonTraining

/// `aureon drill check RECORDING`: grades a recorded attempt (console `--record` or
/// `drill run --record`) by playing it back exactly. Exit 0 passed, 1 failed, 2 bad input.
struct DrillCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Grade a recorded drill attempt.")

    @Argument(help: "The recording file.")
    var recording: String
    @Option(name: .long, help: "Who made the attempt (default: the login name).")
    var trainee: String?
    @Flag(name: .long, help: "Print the verdict as one JSON object.")
    var json = false

    func run() throws {
        let loaded = try RecordingReader.load(path: recording)
        let drill = try DrillCatalog().drill(named: loaded.scenarioName)
        let verdict = try DrillRecordingGrader.grade(loaded, drill: drill, trainee: AttemptKeeping.trainee(trainee), file: recording)
        print(json ? verdict.json : verdict.text)
        if !verdict.passed { throw ExitCode(1) }
    }
}
