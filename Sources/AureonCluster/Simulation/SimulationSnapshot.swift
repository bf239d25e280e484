import AureonEngine

/// The whole state of a ``ClusterSimulation`` as a value: restoring it puts the simulation back
/// at exactly this point of its history, so that running on gives the same events and the same
/// trace hash as if it had never left.
///
/// Every component is a value type (copy-on-write arrays inside), so taking a snapshot copies
/// little until the live simulation changes; the checkpoint store, the one reference, is copied
/// deeply through ``CopyableCheckpointStore``. This file is the ONE place that lists the
/// simulation's stored state: a stored property added to `ClusterSimulation` goes here too.
public struct SimulationSnapshot {
    /// Where in the history the snapshot was taken.
    public let time: VirtualTime
    public let eventCount: Int
    /// The configuration it belongs to: a snapshot restores only into the same cluster.
    public let configuration: ClusterConfiguration

    fileprivate let nodes: [NodeOrchestrator]
    fileprivate let coordinator: ClusterCoordinator
    fileprivate let broker: QueueBroker
    fileprivate let checkpoints: any CheckpointStore
    fileprivate let supervisor: Supervisor
    fileprivate let events: EventLog
    fileprivate let checker: InvariantChecker
    fileprivate let counters: SimulationCounters
    fileprivate let messenger: Messenger
    fileprivate let performedActions: [PerformedAction]
    fileprivate let caption: (time: VirtualTime, text: String)?
    fileprivate let scheduler: EventScheduler<PackedEvent>
    fileprivate let random: SeededRandom
    fileprivate let effects: EffectSink
    fileprivate let inFlight: [ClusterSimulation.InFlightMessage?]
    fileprivate let inFlightGrants: [[LeaseGrant]]
    fileprivate let freeInFlightSlots: [Int32]
    fileprivate let pendingActions: [OperatorAction?]
    fileprivate let pendingScheduleActions: Int
    fileprivate let faultEpochs: [FaultKey: UInt32]
    fileprivate let faultEnds: [FaultKey: VirtualTime]
    fileprivate let chaosRandom: SeededRandom
    fileprivate let chaosFaultsPerMinute: Double
    fileprivate let chaosGeneration: UInt32
    fileprivate let networkBaseline: Messenger.Levels

    /// About how many bytes this snapshot holds on its own once the live simulation has moved
    /// on (copy-on-write storage is then no longer shared). An estimate from element counts
    /// and strides, for the keyframe memory cap; it errs high rather than low.
    public let estimatedByteCount: Int

    fileprivate init(of simulation: ClusterSimulation, checkpoints: any CheckpointStore) {
        time = simulation.now
        eventCount = simulation.counters.eventsProcessed
        configuration = simulation.configuration
        nodes = simulation.nodes
        coordinator = simulation.coordinator
        broker = simulation.broker
        self.checkpoints = checkpoints
        supervisor = simulation.supervisor
        events = simulation.events
        checker = simulation.checker
        counters = simulation.counters
        messenger = simulation.messenger
        performedActions = simulation.performedActions
        caption = simulation.caption
        scheduler = simulation.scheduler
        random = simulation.random
        effects = simulation.effects
        inFlight = simulation.inFlight
        inFlightGrants = simulation.inFlightGrants
        freeInFlightSlots = simulation.freeInFlightSlots
        pendingActions = simulation.pendingActions
        pendingScheduleActions = simulation.pendingScheduleActions
        faultEpochs = simulation.faultEpochs
        faultEnds = simulation.faultEnds
        chaosRandom = simulation.chaosRandom
        chaosFaultsPerMinute = simulation.chaosFaultsPerMinute
        chaosGeneration = simulation.chaosGeneration
        networkBaseline = simulation.networkBaseline
        estimatedByteCount = Self.estimate(simulation)
    }

    /// Bytes per queue message across the queue's columns, the checker's shadows and the
    /// supervisor's shard maps (measured layouts rounded up).
    static let bytesPerMessage = 256
    /// Bytes per node across its orchestrator, the coordinator's view and the checker's shadow,
    /// besides its running tasks.
    static let bytesPerNode = 1_024

    private static func estimate(_ simulation: ClusterSimulation) -> Int {
        let retainedEvents = simulation.events.retainedCount
        let storeRecords = (simulation.broker.checkpoints as? InMemoryCheckpointStore)?.recordSlotCount ?? 0
        var bytes = retainedEvents * MemoryLayout<ClusterEvent>.stride * 2  // the event and its strings
        bytes += simulation.scheduler.count * 32
        bytes += simulation.broker.queue.messageCount * bytesPerMessage
        bytes += storeRecords * (MemoryLayout<CheckpointRecord>.stride + 16)
        bytes += simulation.nodes.reduce(0) { $0 + bytesPerNode + $1.slots.capacity * MemoryLayout<RunningTask?>.stride }
        bytes += simulation.inFlight.count * MemoryLayout<ClusterSimulation.InFlightMessage?>.stride
        bytes += simulation.inFlightGrants.reduce(0) { $0 + 32 + $1.capacity * MemoryLayout<LeaseGrant>.stride }
        bytes += simulation.performedActions.count * MemoryLayout<PerformedAction>.stride
        bytes += simulation.pendingActions.count * MemoryLayout<OperatorAction?>.stride
        bytes += simulation.runs.count * 4_096
        return bytes
    }
}

extension ClusterSimulation {
    /// The simulation's state now, as a value (see ``SimulationSnapshot``). Taken between
    /// events. The checkpoint store must be copyable (the in-memory store and its disk mirror are).
    public func snapshot() -> SimulationSnapshot {
        SimulationSnapshot(of: self, checkpoints: Self.copyOf(broker.checkpoints))
    }

    /// Puts the simulation back where `snapshot` was taken. The snapshot stays as it was, so it
    /// can be restored again. The event sink, the narration sink and whether events and
    /// checkpoint records are retained stay the live ones: they belong to whoever watches, not
    /// to the history.
    public func restore(_ snapshot: SimulationSnapshot) {
        precondition(snapshot.configuration == configuration, "a snapshot restores only into the cluster it was taken from")
        nodes = snapshot.nodes
        coordinator = snapshot.coordinator
        let keepsRecords = broker.keepsCheckpointRecords
        broker = snapshot.broker
        broker.checkpoints = Self.copyOf(snapshot.checkpoints)
        broker.keepsCheckpointRecords = keepsRecords
        supervisor = snapshot.supervisor
        let sink = events.sink
        let retains = events.retainsEvents
        events = snapshot.events
        events.sink = sink
        events.retainsEvents = retains
        checker = snapshot.checker
        counters = snapshot.counters
        messenger = snapshot.messenger
        performedActions = snapshot.performedActions
        caption = snapshot.caption
        scheduler = snapshot.scheduler
        random = snapshot.random
        effects = snapshot.effects
        inFlight = snapshot.inFlight
        inFlightGrants = snapshot.inFlightGrants
        freeInFlightSlots = snapshot.freeInFlightSlots
        pendingActions = snapshot.pendingActions
        pendingScheduleActions = snapshot.pendingScheduleActions
        faultEpochs = snapshot.faultEpochs
        faultEnds = snapshot.faultEnds
        chaosRandom = snapshot.chaosRandom
        chaosFaultsPerMinute = snapshot.chaosFaultsPerMinute
        chaosGeneration = snapshot.chaosGeneration
        networkBaseline = snapshot.networkBaseline
    }

    /// An independent simulation in the same state (its own store; no sinks attached).
    public func copy() -> ClusterSimulation {
        Self(restoring: snapshot())
    }

    /// A new simulation put in the snapshot's state: built as the configuration says (cheap:
    /// the nodes join, nothing runs), then restored.
    public convenience init(restoring snapshot: SimulationSnapshot) {
        do {
            try self.init(configuration: snapshot.configuration)
        } catch {
            preconditionFailure("a snapshot's configuration was validated when it was taken: \(error)")
        }
        restore(snapshot)
    }

    private static func copyOf(_ store: any CheckpointStore) -> any CheckpointStore {
        guard let copyable = store as? any CopyableCheckpointStore else {
            preconditionFailure("time travel needs a copyable checkpoint store (\(type(of: store)) is not)")
        }
        return copyable.copy()
    }
}
