import AureonCluster
import AureonConsole
import AureonEngine
import AureonScenario
import AureonTUI

/// `aureon bench-console --jumps N`: the console's time-travel latency (issue 13's target is
/// 100 ms anywhere in a one-hour session).
extension BenchConsoleCommand {
    /// Jump latency: the default console cluster (default workload flowing) is run through the
    /// console for one virtual hour, then `count` jumps go to spread-out moments of it
    /// (a fixed sequence, so runs compare). Reports the median and the slowest jump.
    func benchJumps(_ count: Int) throws {
        guard (1...100_000).contains(count) else { throw InputError("--jumps must be between 1 and 100000 (got \(count))") }
        var configuration = ClusterConfiguration()
        configuration.nodeCount = ConsoleDefaults.nodeCount
        configuration.concurrency = ConsoleDefaults.concurrency
        let feed = ConsoleEventFeed(nodeCount: configuration.nodeCount)
        let simulation = try ClusterSimulation(configuration: ConsoleDefaults.configuration(from: configuration), eventSink: feed.sink())
        try simulation.perform(.schedule(ConsoleDefaults.firstRun()))
        let app = ConsoleApp(simulation: simulation, feed: feed, settings: ConsoleSettings(speed: 1_000), keepsDefaultWorkloadFlowing: true)
        let hour = VirtualTime.zero + .minutes(60)
        let clock = ContinuousClock()
        let sessionStarted = clock.now
        // Bounded: each frame advances up to 100 virtual seconds (or its event budget).
        for _ in 0..<1_000_000 where simulation.now < hour { app.tick(wallElapsed: .milliseconds(100)) }
        let session = Self.milliseconds(sessionStarted.duration(to: clock.now))
        let events = simulation.counters.eventsProcessed, end = simulation.now
        var latencies: [Double] = []
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let target = VirtualTime.zero + .microseconds(Int64((state >> 11) % UInt64(end.microseconds + 1)))
            let started = clock.now
            app.jump(to: target)
            var buffer = CellBuffer(width: 120, height: 40)
            app.render(into: &buffer)
            latencies.append(Self.milliseconds(started.duration(to: clock.now)))
        }
        latencies.sort()
        let machine = app.machine!
        print("one virtual hour of the default console cluster (\(events) events) in \(String(format: "%.0f", session)) ms; "
              + "\(machine.keyframes.keyframes.count) keyframes every \(machine.keyframes.interval), \(machine.keyframeBytes >> 20) MiB of \(machine.memoryCap >> 20) MiB")
        print("\(count) jumps (restore + re-run + one frame drawn): median \(String(format: "%.2f", latencies[latencies.count / 2])) ms, "
              + "p99 \(String(format: "%.2f", latencies[min(latencies.count - 1, latencies.count * 99 / 100)])) ms, max \(String(format: "%.2f", latencies.last!)) ms")
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1_000 + Double(duration.components.attoseconds) / 1e15
    }
}
