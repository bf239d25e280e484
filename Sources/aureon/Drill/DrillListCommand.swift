import ArgumentParser
import AureonTraining

/// `aureon drill list`: name, level, title and best score of each shipped drill.
struct DrillListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the drills (name, level, title, best score).")

    @OptionGroup var database: AttemptDatabaseFlags

    func run() throws {
        let drills = try DrillCatalog().drills()
        let keeping = try AttemptKeeping(flags: database)
        let history = (try? keeping.store?.history()) ?? []
        let width = max(4, drills.map(\.name.count).max() ?? 0)
        print(pad("NAME", width) + "  LEVEL         BEST     TITLE")
        for drill in drills {
            let best = history.filter { $0.drill == drill.name }.map(\.best).max()
            let bestText = best.map { "\($0)/\(drill.maxScore)" } ?? "—"
            print(pad(drill.name, width) + "  " + pad(drill.level.rawValue, 12) + "  " + pad(bestText, 7) + "  " + drill.title)
        }
        print("\nplay one with: aureon drill NAME    (headless: aureon drill run NAME --actions FILE)")
    }

    private func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
}
