import AureonScenario
#if canImport(Glibc)
import Glibc
#endif

/// How `aureon demo NAME` plays a scenario: in the console when there is a terminal (captions
/// show at their virtual times), otherwise headless with the captions and summary printed.
enum DemoPlayback {
    static func play(scenarioPath: String) throws {
        if isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 {
            let command = try ConsoleCommand.parse(["--scenario", scenarioPath])
            try command.run()
        } else {
            let command = try SimulateCommand.parse(["--scenario", scenarioPath])
            try command.run()
        }
    }
}
