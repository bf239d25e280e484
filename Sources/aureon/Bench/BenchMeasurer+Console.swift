extension BenchMeasurer {
    /// Frames per console run: enough that the per-frame time is well above the clock's
    /// resolution, few enough for the 100,000-node view.
    static let consoleFrames = 300

    func consoleArguments(nodes: Int, frames: Int) -> [String] {
        ["bench-console", "--nodes", String(nodes), "--frames", String(frames), "--json"]
    }

    /// The console's main view rendered into the in-memory backend (`bench-console`): time per
    /// frame measured inside the child around the frames alone, wall and CPU; the child's whole
    /// wall time and peak RSS (building the cluster included). Under callgrind, instructions per
    /// frame are the difference between a run of 2F frames and one of F, over F: set-up cancels.
    func console(_ name: BenchRowName) throws -> BenchRow {
        let nodes = name.consoleNodes ?? 0, frames = Self.consoleFrames
        let arguments = consoleArguments(nodes: nodes, frames: frames)
        let runs = try timedRuns(arguments, count: repetitions)
        let best = runs.filter { $0.status == 0 }.min { Self.perFrame($0) ?? .infinity < Self.perFrame($1) ?? .infinity }
        let report = best?.jsonObject ?? [:]
        var status = Self.verdict(runs)
        var perFrameInstructions: Double?
        var total: Int?
        if let callgrind {
            let short = try callgrind.instructions(arguments)
            let long = try callgrind.instructions(consoleArguments(nodes: nodes, frames: 2 * frames))
            status = Self.verdict(runs + [short.run, long.run])
            total = short.count
            if let shortCount = short.count, let longCount = long.count {
                perFrameInstructions = Double(longCount - shortCount) / Double(frames)
            }
        }
        return BenchRow(name: name, command: BenchRow.commandLine(arguments), status: status, figures: [
            .integer("nodes", "nodes", nodes),
            .integer("frames", "frames", frames),
            .decimal("ms_per_frame", "ms/frame", report["ms_per_frame"] as? Double, places: 3),
            .decimal("frames_per_second", "frames/s", report["frames_per_second"] as? Double, places: 1),
            .decimal("cpu_ms_per_frame", "CPU ms/frame", report["cpu_ms_per_frame"] as? Double, places: 3),
            .decimal("wall_seconds", "process wall s", best?.wallSeconds, places: 3),
            .bytes("peak_rss_bytes", "peak RSS MiB", best?.peakRSSBytes),
            .millions("instructions", "instr M", total),
            .decimal("instructions_per_frame", "instr/frame", perFrameInstructions, places: 0),
        ])
    }

    private static func perFrame(_ run: ChildRun) -> Double? { run.jsonObject["ms_per_frame"] as? Double }
}
