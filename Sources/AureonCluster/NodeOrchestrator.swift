import AureonEngine

/// One node (the seed's `NodeOrchestrator`): identity, slots, and what it believes about itself.
///
/// It is a passive state machine: the simulation calls it at exact virtual times and it never
/// polls. Its `health` is its own view (healthy or draining); the coordinator's view, which may
/// say unresponsive or dead, is `ClusterCoordinator.NodeView`.
public struct NodeOrchestrator: Sendable {
    public let id: NodeID
    public let name: String
    public let role: NodeRole
    public let maxConcurrency: Int
    public internal(set) var health: NodeHealth = .healthy
    /// Stopped by the operator: no acks, no heartbeats, in-flight work lost.
    public internal(set) var isKilled = false
    public internal(set) var incarnation = 1
    public internal(set) var slots: [RunningTask?]
    public internal(set) var activeCount = 0
    public internal(set) var completedCount = 0
    public internal(set) var faults = NodeFaults()
    /// Registered in the idle list: it found no work and waits to be woken.
    var isWaiting = false
    /// A pull is already scheduled; a second one would be redundant.
    var isPullPending = false

    init(id: NodeID, name: String, role: NodeRole, maxConcurrency: Int) {
        precondition(maxConcurrency > 0)
        self.id = id
        self.name = name
        self.role = role
        self.maxConcurrency = maxConcurrency
        slots = Array(repeating: nil, count: maxConcurrency)
    }

    /// True when the node would take new work from the queue right now.
    public var acceptsWork: Bool { !isKilled && health == .healthy && !faults.isPartitioned && activeCount < maxConcurrency }

    var freeSlot: Int? { activeCount < maxConcurrency ? slots.firstIndex(where: { $0 == nil }) : nil }

    mutating func occupy(_ slot: Int, with task: RunningTask) {
        precondition(slots[slot] == nil, "slot \(slot) of \(name) is busy")
        slots[slot] = task
        activeCount += 1
        assert(activeCount <= maxConcurrency)
    }

    @discardableResult
    mutating func release(_ slot: Int) -> RunningTask? {
        guard let task = slots[slot] else { return nil }
        slots[slot] = nil
        activeCount -= 1
        assert(activeCount >= 0)
        return task
    }

    /// Stops instantly, losing every execution; returns what was running.
    mutating func kill() -> [RunningTask] {
        let lost = slots.compactMap { $0 }
        slots = Array(repeating: nil, count: maxConcurrency)
        activeCount = 0
        isKilled = true
        isWaiting = false
        isPullPending = false
        return lost
    }

    /// Comes back as a new incarnation with empty slots and its faults cleared.
    mutating func restart() {
        precondition(isKilled, "only a killed node restarts")
        isKilled = false
        incarnation += 1
        health = .healthy
        faults = NodeFaults()
    }
}
