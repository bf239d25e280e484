import ArgumentParser
import AureonScenario

/// `aureon demo` lists the shipped demos; `aureon demo NAME` plays one in the console.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "List the shipped demo scenarios, or play one in the console."
    )

    @Argument(help: "The demo to play (omit to list them).")
    var name: String?
    /// Every console flag (`--present`, `--record FILE`, `--speed`, `--theme`, …) passes through.
    @Argument(parsing: .allUnrecognized, help: "Console flags, e.g. --present, --record FILE, --speed 20.")
    var consoleFlags: [String] = []

    func run() throws {
        let catalog = DemoCatalog()
        guard let name else {
            guard consoleFlags.isEmpty else { throw InputError("console flags (\(consoleFlags.joined(separator: " "))) need a demo name") }
            let entries = catalog.entries()
            guard !entries.isEmpty else { throw InputError("no demo folder found (set AUREON_DEMO_DIR or run from the repository)") }
            let width = entries.map(\.name.count).max() ?? 0
            for entry in entries {
                print(entry.name + String(repeating: " ", count: width - entry.name.count + 2) + entry.description)
            }
            print("\nplay one with: aureon demo NAME    (headless: aureon simulate --scenario \(catalog.directory ?? "demo")/NAME.yaml)")
            return
        }
        let entry = try catalog.entry(named: name)
        try DemoPlayback.play(scenarioPath: entry.path, consoleFlags: consoleFlags)
    }
}
