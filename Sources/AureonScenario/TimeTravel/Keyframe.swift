import AureonCluster

/// One stored snapshot on a branch's timeline. A class so that the branches forked from one
/// another share the keyframes of their common past instead of holding copies of them (the
/// memory cap counts each once).
public final class Keyframe {
    public let snapshot: SimulationSnapshot
    public var position: HistoryPosition { HistoryPosition(time: snapshot.time, eventCount: snapshot.eventCount) }
    /// Operator actions already applied in the snapshot: what a replay from here must not repeat.
    public let actionCount: Int

    init(snapshot: SimulationSnapshot, actionCount: Int) {
        self.snapshot = snapshot
        self.actionCount = actionCount
    }
}
