import ArgumentParser
import AureonScenario
import Foundation

/// `aureon bench`: every figure of the performance issue (#12) in one run, each row measured in
/// child processes of this binary (posix_spawn + wait4), so wall time and peak RSS are
/// whole-process figures: start-up, parsing and tear-down included. Hidden from the help; never
/// run by `swift test` with timings asserted (timings do not belong in tests).
///
/// Rows (`--only` takes their names, comma-separated or repeated): `w1`, `wmid`, `w2` (the
/// benchmark scenarios in the demo directory), `nodes100k` (100,000 nodes × concurrency 1,024,
/// 1,000 shards), `startup` (`simulate --nodes 1 --items 1 --json`), `fuzz` (seeds per second
/// with `--jobs 1` and `--jobs 2`, their ratio, and whether the two reports are identical),
/// `console1k`, `console10k`, `console100k` (a frame of the console's main view).
///
/// `--json` prints one object: `{"format": "aureon-bench", "format_version": 1, "repeat": N,
/// "callgrind": bool, "load_average_before": [1, 5, 15 min], "load_average_after": [...],
/// "rows": {NAME: {"label", "command", "status", FIGURES...}}}`, the rows in the order they ran. Every figure's key is always present; a figure that could not be
/// measured (a failed child, an instruction count without `--callgrind`) is `null`, and "n/a"
/// in the table. `status` is "ok" or how the child failed. Sizes are bytes, times seconds
/// unless the key says `_ms` or `us_`.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure W1, W-mid, W2, the 100k-node case, start-up, fuzzing on 1 and 2 cores and the console frame.",
        shouldDisplay: false
    )

    static let formatVersion = 1
    static let repetitionLimit = 1...20
    static let fuzzSeedLimit = 1...1_000_000
    static let defaultFuzzSeeds = 1_000

    @Option(name: .long, help: ArgumentHelp("Measure only these rows: \(BenchRowName.allCases.map(\.rawValue).joined(separator: ", ")).",
                                            valueName: "row[,row…]"))
    var only: [String] = []
    @Option(name: .customLong("repeat"), help: "Timed runs per row (start-up: 5 per repeat); the fastest is reported (the machine may be shared).")
    var repetitions: Int = 1
    @Flag(name: .long, help: "Print one JSON object with every row.")
    var json = false
    @Flag(name: .long, help: "Also run each row's child once under valgrind --tool=callgrind and report instruction counts.")
    var callgrind = false
    @Option(name: .customLong("demo-dir"), help: "Directory holding the bench-*.yaml scenarios.")
    var demoDirectory = "demo"
    @Option(name: .customLong("fuzz-seeds"), help: "Seeds in the fuzz row's campaign (default 1000).")
    var fuzzSeeds = defaultFuzzSeeds

    func run() throws {
        // Every flag is checked before any child runs.
        let names = try only.isEmpty ? BenchRowName.allCases : BenchRowName.parse(only)
        guard Self.repetitionLimit.contains(repetitions) else {
            throw InputError("--repeat must be between \(Self.repetitionLimit.lowerBound) and \(Self.repetitionLimit.upperBound) (got \(repetitions))")
        }
        guard Self.fuzzSeedLimit.contains(fuzzSeeds) else {
            throw InputError("--fuzz-seeds must be between \(Self.fuzzSeedLimit.lowerBound) and \(Self.fuzzSeedLimit.upperBound) (got \(fuzzSeeds))")
        }
        let executable = Self.ownExecutable()
        let counter = try callgrind ? Callgrind(copying: executable) : nil
        defer { counter?.remove() }
        let measurer = BenchMeasurer(executable: executable, repetitions: repetitions, demoDirectory: demoDirectory,
                                     fuzzSeeds: fuzzSeeds, callgrind: counter)
        // A missing scenario file is bad input too: said before the first row runs.
        for name in names where name.scenarioFile != nil { _ = try measurer.workloadArguments(name) }

        let loadBefore = LoadAverage.read()
        // Progress on stderr: a whole run takes minutes, and stdout is the report alone.
        let rows = try names.map { name in
            FuzzCommand.printError("bench: measuring \(name.rawValue)\(callgrind ? " (and under callgrind)" : "")…")
            return try measurer.measure(name)
        }
        let loadAfter = LoadAverage.read()
        if json {
            print(JSONText.object([
                ("format", JSONText.string("aureon-bench")), ("format_version", String(Self.formatVersion)),
                ("repeat", String(repetitions)), ("callgrind", String(callgrind)),
                ("load_average_before", loadBefore?.json ?? "null"), ("load_average_after", loadAfter?.json ?? "null"),
                ("rows", JSONText.object(rows.map { ($0.name.rawValue, $0.json) })),
            ]))
        } else {
            print("load average (1, 5, 15 min) before: \(loadBefore?.text ?? BenchFigure.notAvailable), after: \(loadAfter?.text ?? BenchFigure.notAvailable)")
            print("")
            print(BenchTable.render(rows, instructionCounts: callgrind))
        }
        if rows.contains(where: { $0.status != ChildRun.ok }) { throw ExitCode(1) }
    }

    /// This binary's path: the child runs exactly the code being measured.
    static func ownExecutable() -> String {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        #endif
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }
}
