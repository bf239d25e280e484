import Foundation

extension BenchMeasurer {
    /// Timed start-up runs per repetition: one run takes milliseconds, and its best is what a
    /// quiet machine gives.
    static let startupRunsPerRepetition = 5

    /// Start-up: the smallest simulation (`simulate --nodes 1 --items 1 --json`), whole process.
    func startup() throws -> BenchRow {
        let arguments = ["simulate", "--nodes", "1", "--items", "1", "--json"]
        let runs = try timedRuns(arguments, count: repetitions * Self.startupRunsPerRepetition)
        let walls = runs.filter { $0.status == 0 }.map(\.wallSeconds).sorted()
        let counted = try callgrind?.instructions(arguments)
        return BenchRow(name: .startup, command: BenchRow.commandLine(arguments), status: Self.verdict(runs + (counted.map { [$0.run] } ?? [])), figures: [
            .integer("runs", "runs", runs.count),
            .decimal("best_wall_ms", "best wall ms", walls.first.map { $0 * 1_000 }, places: 2),
            .decimal("median_wall_ms", "median wall ms", walls.isEmpty ? nil : walls[walls.count / 2] * 1_000, places: 2),
            .bytes("peak_rss_bytes", "peak RSS MiB", Self.fastest(runs)?.peakRSSBytes),
            .bytes("binary_bytes", "binary MiB", executableSize()),
            .millions("instructions", "instr M", counted?.count),
        ])
    }

    /// The size of the measured executable: start-up trades against it (the Swift runtime and
    /// Foundation linked in, or loaded as shared libraries at every start).
    private func executableSize() -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: executable)[.size] as? NSNumber)?.intValue
    }
}
