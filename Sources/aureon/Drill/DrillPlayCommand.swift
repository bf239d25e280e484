import ArgumentParser
import AureonConsole
import AureonScenario
import AureonTraining
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `aureon drill NAME`: the briefing, the live console with the objectives panel, the debrief.
/// The attempt is recorded and kept in the database when the debrief opens.
struct DrillPlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "play", abstract: "Play a drill in the console (the default: `aureon drill NAME`).")

    @Argument(help: "The drill (a name from `aureon drill list`, or a drill file).")
    var name: String
    @Option(name: .long, help: "Who is attempting the drill (default: the login name).")
    var trainee: String?
    @OptionGroup var database: AttemptDatabaseFlags
    @Flag(name: .long, help: "Instructor mode: show the hidden injects, fire the next one early with i; fault keys are yours.")
    var instructor = false
    @Option(name: .long, help: "Where to write the attempt's recording (default: a recordings/ folder beside the database).")
    var record: String?
    @OptionGroup var look: ConsoleLookFlags

    func run() throws {
        let drill = try DrillCatalog().drill(named: name)
        let settings = try look.makeSettings()
        if let record, FileManager.default.fileExists(atPath: record) { throw InputError("--record: \(record) exists; not overwriting it") }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw InputError("a drill in the console needs a terminal; for headless grading use `aureon drill run \(drill.name)`")
        }
        let keeping = try AttemptKeeping(flags: database)
        let trainee = AttemptKeeping.trainee(trainee)
        let feed = ConsoleEventFeed(nodeCount: drill.scenario.configuration.nodeCount)
        let session = try DrillSession(drill: drill, trainee: trainee, eventSink: feed.sink())
        let started = Date()
        let recordingPath = record ?? Self.defaultRecordingPath(databasePath: keeping.path, drill: drill.name, trainee: trainee, at: started)
        let console = DrillConsole(session: session, feed: feed, settings: settings, instructor: instructor) { verdict in
            var report: [String] = []
            let text = session.recording.text
            var saved: String?
            let folder = (recordingPath as NSString).deletingLastPathComponent
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: recordingPath), FileManager.default.createFile(atPath: recordingPath, contents: Data(text.utf8)) {
                saved = recordingPath
                report.append("recording saved to \(recordingPath) (grade it again: aureon drill check \(recordingPath))")
            } else {
                report.append("recording not saved: cannot write \(recordingPath)")
            }
            report.append(keeping.save(verdict, drill: drill, startedAt: started, recordingPath: saved, recordingText: saved == nil ? nil : text))
            return report
        }
        try ConsoleCommand.drive(console)
        if let verdict = session.verdict { print(verdict.text) }
        try ConsoleCommand.exitIfSignalled()
        if console.app.wasInterrupted { throw ExitCode(128 + SIGINT) }
    }

    static func defaultRecordingPath(databasePath: String, drill: String, trainee: String, at date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let safeTrainee = String(trainee.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
        return (databasePath as NSString).deletingLastPathComponent + "/recordings/\(drill)-\(safeTrainee)-\(formatter.string(from: date)).jsonl"
    }
}
