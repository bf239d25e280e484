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
    @Option(name: .long, help: "Write a recording of the demo (replay it with `aureon replay FILE`).")
    var record: String?

    func run() throws {
        let catalog = DemoCatalog()
        guard let name else {
            if record != nil { throw InputError("--record needs a demo name") }
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
        try DemoPlayback.play(scenarioPath: entry.path, record: record)
    }
}
