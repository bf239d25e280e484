import AureonScenario

/// The rows `aureon bench` can measure, in the order it runs them. The raw value is the row's
/// stable name: what `--only` accepts and the key of the row in `--json` output.
enum BenchRowName: String, CaseIterable {
    case w1, wmid, w2
    case nodes100k
    case startup
    case fuzz
    case console1k, console10k, console100k

    /// The rows sharing one table (and one set of columns) in the text output.
    enum Kind: CaseIterable {
        case workload, startup, fuzz, console
    }

    var kind: Kind {
        switch self {
        case .w1, .wmid, .w2, .nodes100k: .workload
        case .startup: .startup
        case .fuzz: .fuzz
        case .console1k, .console10k, .console100k: .console
        }
    }

    /// The label of the row in the table and in BENCHMARKS.md.
    var label: String {
        switch self {
        case .w1: "W1"
        case .wmid: "W-mid"
        case .w2: "W2"
        case .nodes100k: "100k nodes"
        case .startup: "start-up"
        case .fuzz: "fuzz"
        case .console1k: "console 1k"
        case .console10k: "console 10k"
        case .console100k: "console 100k"
        }
    }

    /// The scenario file of a workload row read from a scenario, in the demo directory.
    var scenarioFile: String? {
        switch self {
        case .w1: "bench-w1.yaml"
        case .wmid: "bench-wmid.yaml"
        case .w2: "bench-w2.yaml"
        default: nil
        }
    }

    /// Nodes of a console-frame row.
    var consoleNodes: Int? {
        switch self {
        case .console1k: 1_000
        case .console10k: 10_000
        case .console100k: 100_000
        default: nil
        }
    }

    /// Parses `--only` values: names separated by commas, every one known, none twice.
    static func parse(_ values: [String]) throws(InputError) -> [BenchRowName] {
        var chosen: [BenchRowName] = []
        for value in values {
            for piece in value.split(separator: ",", omittingEmptySubsequences: false) {
                guard let name = BenchRowName(rawValue: String(piece)) else {
                    throw InputError("--only: unknown row '\(piece.prefix(40))' (one of: \(allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                if !chosen.contains(name) { chosen.append(name) }
            }
        }
        return allCases.filter(chosen.contains)
    }
}
