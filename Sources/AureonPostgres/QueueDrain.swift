/// Drains the queue with plain workers — lease a batch, optionally checkpoint each shard half
/// way, ack — each worker a node of its own on its own connection. This is the raw queue's
/// throughput, without the node state machines (a benchmark and a test load, not a node).
public enum QueueDrain {
    /// A bound on lease rounds per worker: far more than any drain needs, so a queue that
    /// never empties (a bug) ends the drain instead of spinning for ever.
    public static let roundLimit = 1_000_000

    /// Runs `workers` workers named `prefix-1`… until no shard is visible; returns how many
    /// shards they acked between them.
    public static func run(address: DatabaseAddress, workers: Int, batch: Int, checkpoints: Bool,
                           prefix: String = "drain") async throws -> Int {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 1...max(1, workers) {
                group.addTask {
                    let queue = try await LiveQueue.connect(to: address)
                    do {
                        let acked = try await work(queue, node: "\(prefix)-\(index)", batch: batch, checkpoints: checkpoints)
                        await queue.close()
                        return acked
                    } catch {
                        await queue.close()
                        throw error
                    }
                }
            }
            return try await group.reduce(0, +)
        }
    }

    private static func work(_ queue: LiveQueue, node name: String, batch: Int, checkpoints: Bool) async throws -> Int {
        let node = try await queue.join(node: name, pid: 0, host: "drain")
        var acked = 0
        for _ in 0..<roundLimit {
            let leased = try await queue.lease(for: node, limit: batch, visibilitySeconds: 60)
            if leased.isEmpty { break }
            for lease in leased {
                if checkpoints { _ = try await queue.checkpoint(lease, progressMicros: lease.workMicros / 2) }
                if try await queue.ack(lease) == .applied { acked += 1 }
            }
        }
        return acked
    }
}
