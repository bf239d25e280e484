import AureonScenario

/// How `aureon demo NAME` plays a scenario. Until the console lands it runs headless and
/// prints the captions and the summary.
enum DemoPlayback {
    static func play(scenarioPath: String) throws {
        let command = try SimulateCommand.parse(["--scenario", scenarioPath])
        try command.run()
    }
}
