import Foundation
import Testing

/// Reproducibility (invariant 6) across processes: the same scenario gives the same trace hash
/// in two processes that differ in everything that must not matter — locale, Swift's
/// per-process hash seed, working directory — and equals the hash pinned for it.
@Suite struct DeterminismTests {
    static var demos: [String] { PinnedHashes.demos.keys.sorted() }

    @Test(arguments: demos)
    func aDemoHasOneHashInEveryProcess(name: String) throws {
        let scenario = CLI.repositoryRoot.appendingPathComponent("demo/\(name).yaml").path
        let elsewhere = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let first = try CLI.run(["simulate", "--scenario", scenario, "--json"],
                                environment: ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"], removing: ["SWIFT_DETERMINISTIC_HASHING"])
        let second = try CLI.run(["simulate", "--scenario", scenario, "--json"],
                                 environment: ["LANG": "tr_TR.UTF-8", "LC_ALL": "tr_TR.UTF-8", "SWIFT_DETERMINISTIC_HASHING": "1"],
                                 directory: elsewhere)
        let hashes = try [first, second].map { try CLI.summary($0)["trace_hash"] as? String }
        #expect(hashes[0] != nil && hashes[0] == hashes[1], "\(name): \(hashes)")
        #expect(hashes[0] == PinnedHashes.demos[name],
                "\(name)'s history changed. If on purpose, bump TraceHasher.formatVersion and update PinnedHashes.")
    }

    /// The check can fail: a queue whose service order follows the process's hash seed gives
    /// different histories in different processes (reproducibility).
    @Test func aProcessDependentComponentIsCaughtByTheTwoProcessComparison() throws {
        let arguments = ["simulate", "--nodes", "8", "--concurrency", "1", "--items", "400", "--shard-size", "2", "--work", "1s..9s",
                         "--seed", "5", "--defect", "process_dependent_order", "--json"]
        var hashes: Set<String> = []
        for _ in 0..<6 {
            let result = try CLI.run(arguments, removing: ["SWIFT_DETERMINISTIC_HASHING"])
            if let hash = try CLI.summary(result)["trace_hash"] as? String { hashes.insert(hash) }
        }
        #expect(hashes.count > 1, "six processes, one history: the broken component went unnoticed")
    }
}
