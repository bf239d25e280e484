import ArgumentParser
import AureonCluster
import AureonConsole
import AureonEngine
import AureonScenario
import AureonTUI
import Foundation

/// `aureon bench-console` (hidden): renders the main view of a large cluster into the
/// in-memory backend and reports ms/frame and frames/s. A benchmark, not a timed test;
/// `aureon bench` runs it in a child process and reads its `--json` line.
struct BenchConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-console",
        abstract: "Benchmark rendering the console's main view.",
        shouldDisplay: false
    )

    @Option(name: .long, help: "Nodes in the cluster.")
    var nodes = 1_000
    @Option(name: .long, help: "Frames to render.")
    var frames = 200
    @Option(name: .long, help: "Terminal size, COLSxROWS.")
    var size = "120x40"
    @Option(name: .long, help: "Instead of rendering: run the default console cluster for an hour, then time this many jumps.")
    var jumps: Int?
    @Flag(name: .long, help: "Print the figures as one JSON object.")
    var json = false

    func run() throws {
        if let jumps { return try benchJumps(jumps) }
        guard (1...ClusterConfiguration.maxNodes).contains(nodes) else {
            throw InputError("--nodes must be between 1 and \(ClusterConfiguration.maxNodes) (got \(nodes))")
        }
        guard (1...1_000_000).contains(frames) else { throw InputError("--frames must be between 1 and 1000000 (got \(frames))") }
        let parts = size.split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, (1...1_000).contains(parts[0]), (1...1_000).contains(parts[1]) else {
            throw InputError("--size must be COLSxROWS such as 120x40 (got '\(size)')")
        }
        var configuration = ClusterConfiguration()
        configuration.nodeCount = nodes
        configuration.concurrency = ConsoleDefaults.concurrency
        let feed = ConsoleEventFeed(nodeCount: nodes)
        let simulation = try ClusterSimulation(configuration: ConsoleDefaults.configuration(from: configuration), eventSink: feed.sink())
        var run = ConsoleDefaults.firstRun()
        run.items = max(run.items, nodes * ConsoleDefaults.concurrency * run.shardSize)
        try simulation.perform(.schedule(run))
        simulation.advance(to: .zero + .seconds(30))
        let app = ConsoleApp(simulation: simulation, feed: feed, settings: ConsoleSettings(startsPaused: true))
        let backend = MemoryBackend(width: parts[0], height: parts[1])

        let clock = ContinuousClock()
        let started = clock.now
        let cpuStarted = Self.threadCPUSeconds()
        for frame in 0..<frames {
            // Move the selection so every frame differs a little, as when an operator scrolls.
            app.handle(.key(frame % 2 == 0 ? .down : .up))
            var buffer = CellBuffer(width: backend.size.width, height: backend.size.height)
            app.render(into: &buffer)
            backend.draw(buffer)
        }
        let cpu = Self.threadCPUSeconds() - cpuStarted
        let elapsed = started.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        // Wall time is what an operator sees; CPU time is what the frame costs when other
        // processes share the cores (wall time then overstates it).
        let msPerFrame = seconds * 1_000 / Double(frames), cpuMsPerFrame = cpu * 1_000 / Double(frames)
        let rate = Double(frames) / max(seconds, 1e-9), cpuRate = Double(frames) / max(cpu, 1e-9)
        if json {
            let rounded = { (value: Double) in JSONText.number((value * 1_000_000).rounded() / 1_000_000) }
            print(JSONText.object([
                ("nodes", String(nodes)), ("frames", String(frames)), ("size", JSONText.string(size)),
                ("ms_per_frame", rounded(msPerFrame)), ("frames_per_second", rounded(rate)),
                ("cpu_ms_per_frame", rounded(cpuMsPerFrame)), ("cpu_frames_per_second", rounded(cpuRate)),
            ]))
            return
        }
        print("nodes \(nodes), frames \(frames), size \(size): "
              + "\(String(format: "%.3f", msPerFrame)) ms/frame, \(String(format: "%.1f", rate)) frames/s "
              + "(CPU \(String(format: "%.3f", cpuMsPerFrame)) ms/frame, \(String(format: "%.1f", cpuRate)) frames/s)")
    }

    /// CPU time consumed by this thread so far, in seconds.
    private static func threadCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
