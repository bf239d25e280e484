import AureonCluster

extension MirroredCheckpointStore: CopyableCheckpointStore {
    /// The memory side is copied; the disk side is shared and NOT rewound: the directory keeps
    /// what was written. A restored simulation that runs the same future writes the same files
    /// again (named by sequence number, replaced atomically); one that forks overwrites them
    /// with that branch's records. The simulation never reads the disk, so its history and hash
    /// do not depend on this.
    public func copy() -> any CheckpointStore {
        guard let memory = memory.copy() as? InMemoryCheckpointStore else { preconditionFailure("an in-memory store copies to one") }
        return MirroredCheckpointStore(memory: memory, disk: disk)
    }
}
