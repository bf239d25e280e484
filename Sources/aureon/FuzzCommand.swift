import ArgumentParser
import AureonScenario
import Foundation

/// `aureon fuzz`: random clusters and fault schedules, one per seed, checked for every invariant
/// and for liveness after the faults stop. Each failure prints the command that reproduces it.
struct FuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Fuzz the simulation with random fault schedules (VOPR-style)."
    )

    @Option(name: .long, help: "How many seeds to run.")
    var seeds: Int = 100
    @Option(name: .long, help: "First seed.")
    var start: UInt64 = 1
    @Option(name: .customLong("nodes-max"), help: "Largest cluster to draw (2…64).")
    var nodesMax: Int = 8

    func run() throws {
        guard (1...10_000_000).contains(seeds) else { throw InputError("--seeds must be between 1 and 10000000 (got \(seeds))") }
        guard (2...64).contains(nodesMax) else { throw InputError("--nodes-max must be between 2 and 64 (got \(nodesMax))") }
        guard start <= UInt64.max - UInt64(seeds - 1) else { throw InputError("--start + --seeds runs past the largest seed") }
        let clock = ContinuousClock()
        let began = clock.now
        var failures = 0
        for offset in 0..<UInt64(seeds) {
            let outcome = Fuzzer.run(seed: start + offset, maxNodes: nodesMax)
            if !outcome.passed {
                failures += 1
                print("FAIL seed \(outcome.seed): \(outcome.detail)")
                print("  reproduce: aureon fuzz --seeds 1 --start \(outcome.seed) --nodes-max \(nodesMax)")
            }
        }
        let elapsed = began.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("fuzz: \(seeds) seeds from \(start), \(failures) failed, \(String(format: "%.2f", seconds)) s wall")
        if failures > 0 { throw ExitCode(1) }
    }
}
