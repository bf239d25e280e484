import AureonCluster
import AureonEngine

/// How presenter mode was asked for: which demo, how many captions it has, and an optional
/// dwell after which a caption moves on by itself.
public struct PresenterSettings: Sendable {
    public let name: String
    public let captionCount: Int
    public let dwell: Duration?

    public init(name: String, captionCount: Int, dwell: Duration?) {
        self.name = name
        self.captionCount = captionCount
        self.dwell = dwell
    }
}

/// Presenter mode: each caption holds the simulation until →, Space or Enter (or the dwell
/// runs out), so the presenter talks at their own pace and the action it announces follows.
struct PresenterState: Sendable {
    let settings: PresenterSettings
    /// Captions reached so far (the step counter's numerator).
    private(set) var step = 0
    private(set) var isWaiting = false
    /// Wall time left before a waiting caption moves on by itself (with `--dwell`).
    private(set) var dwellRemaining: Duration?
    /// How many captions back the caption box is showing (Backspace), 0 for the newest.
    var reviewing = 0
    private var lastCaptionTime: VirtualTime?

    init(settings: PresenterSettings) {
        self.settings = settings
    }

    /// "tour 3/10".
    var counter: String { "\(settings.name) \(step)/\(max(step, settings.captionCount))" }

    /// True (and now waiting) when the simulation has just said a new caption.
    mutating func catchCaption(_ simulation: ClusterSimulation) -> Bool {
        guard let caption = simulation.caption, caption.time != lastCaptionTime else { return false }
        lastCaptionTime = caption.time
        step += 1
        isWaiting = true
        reviewing = 0
        dwellRemaining = settings.dwell
        return true
    }

    /// The presenter's key: on to the next caption.
    mutating func proceed() {
        isWaiting = false
        dwellRemaining = nil
        reviewing = 0
    }

    mutating func age(by wall: Duration) {
        guard isWaiting, let left = dwellRemaining else { return }
        if left - wall <= .zero { proceed() } else { dwellRemaining = left - wall }
    }
}
