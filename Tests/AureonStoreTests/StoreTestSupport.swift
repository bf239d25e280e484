import AureonCluster
import AureonEngine
import Foundation

/// A fresh folder in the system temp directory, removed by ``remove()`` (call it in a `defer`).
struct ScratchDirectory {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("aureon-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

func checkpointRecord(_ task: TaskID, sequence: UInt64, progress: Double) -> CheckpointRecord {
    CheckpointRecord(
        sequence: sequence, task: task, nodeName: "node-02", createdAt: .zero + .seconds(Int64(sequence)),
        token: FencingToken(3), payload: .init(progress: progress, partialResult: progress / 2),
        supervisorSnapshot: .init(iteration: task.iteration, committedShards: 4),
        metadata: .init(strategy: .bySlice, targetNodeName: "node-01", dataset: "dataset-A"))
}

/// A small cluster with lively timings (the cluster tests' shape).
func smallConfiguration(seed: UInt64 = 7) -> ClusterConfiguration {
    var configuration = ClusterConfiguration()
    configuration.seed = seed
    configuration.nodeCount = 4
    configuration.concurrency = 2
    configuration.heartbeatInterval = .seconds(2)
    configuration.visibilityTimeout = .seconds(12)
    configuration.checkpointInterval = .seconds(3)
    configuration.leaseMargin = .seconds(1)
    configuration.scanInterval = .seconds(2)
    configuration.unresponsiveAfter = .seconds(6)
    configuration.deadAfter = .seconds(12)
    return configuration
}

func smallRun(items: Int = 30, shardSize: Int = 5) -> RunSpec {
    RunSpec(id: RunID("rqml-run-001"), items: items, shardSize: shardSize, work: .seconds(5)...(.seconds(12)), maxIterations: 1)
}
