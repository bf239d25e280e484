import AureonCluster
import AureonEngine

/// The keyframes of one branch, in history order, and the policy that takes and drops them.
///
/// A keyframe is taken every ``interval`` of virtual time. When all keyframes together pass the
/// memory cap, every second one of the fullest branch is dropped (the first is always kept: a
/// jump can always start there) and that branch's interval doubles, so keyframes stay evenly
/// spread and the cost of a jump (re-running from the nearest earlier one) grows by at most a
/// factor of two each time memory runs short. Large states thus get fewer keyframes: the
/// interval adapts to the state's size.
public struct KeyframeTimeline {
    public private(set) var keyframes: [Keyframe] = []
    public private(set) var interval: VirtualDuration

    /// The default spacing: short enough that a jump re-runs a few seconds of history at most.
    public static let defaultInterval = VirtualDuration.seconds(5)

    public init(interval: VirtualDuration = Self.defaultInterval) {
        precondition(interval > .zero)
        self.interval = interval
    }

    /// The keyframes of `parent` strictly before `position`: a fork shares its parent's past.
    init(sharing parent: KeyframeTimeline, before position: HistoryPosition) {
        keyframes = parent.keyframes.filter { $0.position < position }
        interval = parent.interval
    }

    /// Whether a keyframe is due at `position` (the first one, or an interval after the last).
    func isDue(at position: HistoryPosition) -> Bool {
        guard let last = keyframes.last else { return true }
        return position.time >= last.position.time + interval
    }

    mutating func append(_ keyframe: Keyframe) {
        precondition(keyframes.last.map { $0.position <= keyframe.position } ?? true, "keyframes are taken in history order")
        keyframes.append(keyframe)
    }

    /// The latest keyframe at or before `position` with at most `actionLimit` actions applied.
    func nearest(atOrBefore position: HistoryPosition, actionLimit: Int) -> Keyframe? {
        var low = 0, high = keyframes.count
        while low < high {
            let middle = (low + high) / 2
            if keyframes[middle].position <= position { low = middle + 1 } else { high = middle }
        }
        var index = low - 1
        while index >= 0, keyframes[index].actionCount > actionLimit { index -= 1 }
        return index >= 0 ? keyframes[index] : nil
    }

    /// Drops every second keyframe after the first and doubles the interval.
    mutating func thin() {
        guard keyframes.count > 1 else { return }
        keyframes = keyframes.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        interval = interval * 2
    }
}
