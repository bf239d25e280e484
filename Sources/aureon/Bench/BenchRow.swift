import AureonScenario

/// One measured row of `aureon bench`: which row, the command its child ran (as a user would
/// type it), "ok" or how the child failed, and its figures in a fixed order.
struct BenchRow {
    let name: BenchRowName
    let command: String
    let status: String
    let figures: [BenchFigure]

    /// The command line of a child of this binary, as typed from the repository root.
    static func commandLine(_ arguments: [String]) -> String {
        (["aureon"] + arguments).joined(separator: " ")
    }

    var json: String {
        JSONText.object([("label", JSONText.string(name.label)), ("command", JSONText.string(command)),
                         ("status", JSONText.string(status))] + figures.map { ($0.key, $0.json) })
    }

    /// Whether a figure is an instruction count: only measured under `--callgrind`, so left out
    /// of the table without it (JSON keeps the key, as null).
    static func isInstructionCount(_ figure: BenchFigure) -> Bool { figure.key.contains("instructions") }
}
