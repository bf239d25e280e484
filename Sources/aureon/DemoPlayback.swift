import AureonScenario
#if canImport(Glibc)
import Glibc
#endif

/// How `aureon demo NAME` plays a scenario: in the console when there is a terminal (captions
/// show at their virtual times), otherwise headless with the captions and summary printed.
enum DemoPlayback {
    static func play(scenarioPath: String, record: String? = nil) throws {
        let arguments = ["--scenario", scenarioPath] + (record.map { ["--record", $0] } ?? [])
        if isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 {
            let command = try ConsoleCommand.parse(arguments)
            try command.run()
        } else {
            let command = try SimulateCommand.parse(arguments)
            try command.run()
        }
    }
}
