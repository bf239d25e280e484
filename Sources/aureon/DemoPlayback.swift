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
            guard consoleFlags.isEmpty else {
                throw InputError("console flags (\(consoleFlags.joined(separator: " "))) need a terminal; headless, use `aureon simulate --scenario \(scenarioPath)`")
            }
            let command = try SimulateCommand.parse(["--scenario", scenarioPath])
            try command.run()
        }
    }
}
