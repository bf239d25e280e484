import AureonCluster

/// What a watcher keeps beside a keyframe: state derived from the events (a console's
/// timeline and counts) that a restore must put back too, since the events that built it are
/// not run again. Immutable once taken.
public protocol KeyframeAttachment: AnyObject {
    /// Bytes it holds, counted against the keyframe memory cap with the snapshot.
    var estimatedByteCount: Int { get }
}

/// One stored snapshot on a branch's timeline. A class so that the branches forked from one
/// another share the keyframes of their common past instead of holding copies of them (the
/// memory cap counts each once).
public final class Keyframe {
    public let snapshot: SimulationSnapshot
    public var position: HistoryPosition { HistoryPosition(time: snapshot.time, eventCount: snapshot.eventCount) }
    /// Operator actions already applied in the snapshot: what a replay from here must not repeat.
    public let actionCount: Int
    /// The watcher's derived state at the same moment (see ``TimeMachine/attach``).
    public let attachment: (any KeyframeAttachment)?

    init(snapshot: SimulationSnapshot, actionCount: Int, attachment: (any KeyframeAttachment)? = nil) {
        self.snapshot = snapshot
        self.actionCount = actionCount
        self.attachment = attachment
    }

    var estimatedByteCount: Int { snapshot.estimatedByteCount + (attachment?.estimatedByteCount ?? 0) }
}
