import AureonScenario
#if canImport(Glibc)
import Glibc
#endif

/// How `aureon demo NAME` plays a scenario: in the console when there is a terminal (captions
/// show at their virtual times; every console flag applies), otherwise headless with the
/// captions and summary printed.
enum DemoPlayback {
    static func play(scenarioPath: String, consoleFlags: [String]) throws {
        if isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 {
            guard !consoleFlags.contains("--scenario") else { throw InputError("demo NAME chooses the scenario: drop --scenario") }
            let command = try ConsoleCommand.parse(["--scenario", scenarioPath] + consoleFlags)
            try command.run()
        } else {
            // Headless, only a recording makes sense beside the scenario: it goes through the same door.
            let recordOnly = consoleFlags.count == 2 && consoleFlags[0] == "--record"
            guard consoleFlags.isEmpty || recordOnly else {
                throw InputError("console flags (\(consoleFlags.joined(separator: " "))) need a terminal; headless, use `aureon simulate --scenario \(scenarioPath)`")
            }
            let command = try SimulateCommand.parse(["--scenario", scenarioPath] + consoleFlags)
            try command.run()
        }
    }
}
