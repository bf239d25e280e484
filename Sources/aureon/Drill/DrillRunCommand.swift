import ArgumentParser
import AureonScenario
import AureonTraining
import Foundation

/// `aureon drill run NAME`: plays a drill headless with timed actions and grades it.
/// Exit 0 passed, 1 failed, 2 bad input.
struct DrillRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Play a drill headless with timed actions and grade it.")

    @Argument(help: "The drill (a name from `aureon drill list`, or a drill file).")
    var name: String
    @Option(name: .long, help: "YAML file of timed actions (the format of a scenario's actions:).")
    var actions: String?
    @Option(name: .long, help: "Who is attempting the drill (default: the login name).")
    var trainee: String?
    @OptionGroup var database: AttemptDatabaseFlags
    @Flag(name: .long, help: "Print the verdict as one JSON object.")
    var json = false
    @Option(name: .long, help: "Also write the attempt as a recording (grade it again with `aureon drill check`).")
    var record: String?

    func run() throws {
        let drill = try DrillCatalog().drill(named: name)
        let list = try actions.map { path throws(InputError) in try ActionListParser.load(path: path) } ?? []
        if let record, FileManager.default.fileExists(atPath: record) {
            throw InputError("--record: \(record) exists; not overwriting it")
        }
        let keeping = try AttemptKeeping(flags: database)
        let started = Date()
        let session = try DrillSession(drill: drill, trainee: AttemptKeeping.trainee(trainee), actions: list, actionsFile: actions ?? "")
        let verdict = session.run()
        var recordingText: String?
        if let record {
            let text = session.recording.text
            guard FileManager.default.createFile(atPath: record, contents: Data(text.utf8)) else {
                FileHandle.standardError.write(Data("aureon: cannot write the recording \(record)\n".utf8))
                throw ExitCode(3)
            }
            recordingText = text
        }
        keeping.save(verdict, drill: drill, startedAt: started, recordingPath: record, recordingText: recordingText)
        print(json ? verdict.json : verdict.text)
        if !verdict.passed { throw ExitCode(1) }
    }
}
