/// The queue's compact handle on a task: which run (by slot), which iteration, which shard.
/// `ClusterSimulation.taskID(for:)` turns it into the printable `TaskID`.
public struct TaskRef: Hashable, Sendable {
    public let runSlot: Int32
    public let iteration: Int32
    public let shard: Int32

    public init(runSlot: Int, iteration: Int, shard: Int) {
        self.runSlot = Int32(runSlot)
        self.iteration = Int32(iteration)
        self.shard = Int32(shard)
    }
}
