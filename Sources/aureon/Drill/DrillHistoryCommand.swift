import ArgumentParser
import AureonScenario
import AureonTrainingStore

/// `aureon drill history`: best, last, attempts and pass rate per drill and trainee.
struct DrillHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "Show kept attempts per drill and trainee.")

    @Option(name: .long, help: "Only this trainee.")
    var trainee: String?
    @Option(name: .long, help: "Only this drill.")
    var drill: String?
    @OptionGroup var database: AttemptDatabaseFlags
    @Flag(name: .long, help: "Print the rows as a JSON array.")
    var json = false

    func run() throws {
        let keeping = try AttemptKeeping(flags: database, required: true)
        let rows: [AttemptSummary]
        do {
            rows = try keeping.store?.history(trainee: trainee, drill: drill) ?? []
        } catch {
            throw InputError(error.description)
        }
        if json {
            print(JSONText.array(rows.map { row in
                JSONText.object([
                    ("drill", JSONText.string(row.drill)), ("trainee", JSONText.string(row.trainee)), ("best", String(row.best)),
                    ("last", String(row.last)), ("attempts", String(row.attempts)), ("passes", String(row.passes)),
                    ("pass_rate", JSONText.number((row.passRate * 1000).rounded() / 1000)),
                ])
            }))
            return
        }
        guard !rows.isEmpty else {
            print("no attempts kept yet in \(keeping.path)")
            return
        }
        let drillWidth = max(5, rows.map(\.drill.count).max() ?? 0)
        let traineeWidth = max(7, rows.map(\.trainee.count).max() ?? 0)
        print(pad("DRILL", drillWidth) + "  " + pad("TRAINEE", traineeWidth) + "  BEST  LAST  ATTEMPTS  PASS RATE")
        for row in rows {
            print(pad(row.drill, drillWidth) + "  " + pad(row.trainee, traineeWidth) + "  " + pad(String(row.best), 4) + "  "
                  + pad(String(row.last), 4) + "  " + pad(String(row.attempts), 8) + "  \(Int((row.passRate * 100).rounded()))%")
        }
    }

    private func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
}
