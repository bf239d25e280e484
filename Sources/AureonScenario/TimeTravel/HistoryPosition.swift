import AureonCluster
import AureonEngine

/// A place in a history, as recordings name it: a virtual time and how many engine events had
/// been processed by then (several events share an instant; the count says which of them).
public struct HistoryPosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let time: VirtualTime
    public let eventCount: Int

    public init(time: VirtualTime, eventCount: Int) {
        self.time = time
        self.eventCount = eventCount
    }

    /// Where the simulation is now.
    public init(of simulation: ClusterSimulation) {
        self.init(time: simulation.now, eventCount: simulation.counters.eventsProcessed)
    }

    /// Where an action was carried out.
    public init(of action: PerformedAction) {
        self.init(time: action.time, eventCount: action.afterEvents)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.time, lhs.eventCount) < (rhs.time, rhs.eventCount)
    }

    public var description: String { "\(time) after \(eventCount) events" }
}
