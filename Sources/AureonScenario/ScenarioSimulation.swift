import AureonCluster
import AureonEngine

extension Scenario {
    /// Builds the simulation the scenario describes: runs and actions are scheduled at their
    /// virtual times. Node names are checked first, so a bad name applies nothing.
    public func makeSimulation(
        checkpointStore: (any CheckpointStore)? = nil, queueDefects: QueueDefects = [], eventSink: ((ClusterEvent) -> Void)? = nil
    ) throws(InputError) -> ClusterSimulation {
        var resolved: [(VirtualDuration, OperatorAction)] = []
        for action in actions {
            resolved.append((action.at, try action.resolve(nodeCount: configuration.nodeCount, file: source)))
        }
        let simulation: ClusterSimulation
        do {
            simulation = try ClusterSimulation(configuration: configuration, checkpointStore: checkpointStore, queueDefects: queueDefects,
                                           eventSink: eventSink)
        } catch {
            throw InputError(file: source, "cluster.\(error.key): \(error.problem)")
        }
        // Runs first, then actions: at equal times, a run exists before an action touches it.
        for run in runs { simulation.schedule(.schedule(run.spec), at: .zero + run.at) }
        for (at, action) in resolved { simulation.schedule(action, at: .zero + at) }
        return simulation
    }
}
