import AureonCluster
import AureonEngine

/// Plays a recording back: scheduled actions go on the timeline up front (as the scenario put
/// them there), interactive ones are applied at exactly the place in the history where the
/// operator applied them — after the same number of engine events, at the same virtual time.
public final class RecordingPlayer {
    public let recording: Recording
    public let simulation: ClusterSimulation
    private let interactive: [PerformedAction]
    private var nextInteractive = 0

    public init(recording: Recording, eventSink: ((ClusterEvent) -> Void)? = nil) throws(InputError) {
        self.recording = recording
        do {
            simulation = try ClusterSimulation(configuration: recording.configuration, eventSink: eventSink)
        } catch {
            throw InputError("recording cluster.\(error.key): \(error.problem)")
        }
        for performed in recording.actions where performed.origin == .scheduled {
            simulation.schedule(performed.action, at: performed.time)
        }
        interactive = recording.actions.filter { $0.origin == .interactive }
    }

    /// True once every recorded action has been applied and the recorded end reached.
    public var isFinished: Bool { nextInteractive == interactive.count && simulation.now >= recording.endTime }

    /// Advances towards `time` (not past the recorded end), applying due interactive actions.
    /// At most `maxEvents` engine events are processed. Returns how many were.
    @discardableResult
    public func advance(to time: VirtualTime, maxEvents: Int = .max) -> Int {
        let target = min(time, recording.endTime)
        let before = simulation.counters.eventsProcessed
        func spent() -> Int { simulation.counters.eventsProcessed - before }
        while nextInteractive < interactive.count, interactive[nextInteractive].time <= target {
            let action = interactive[nextInteractive]
            guard simulation.advance(toPosition: action.time, eventCount: action.afterEvents, maxEvents: maxEvents - spent()) else {
                return spent()  // out of budget for this frame
            }
            try? simulation.perform(action.action)
            nextInteractive += 1
        }
        if target >= recording.endTime, nextInteractive == interactive.count {
            simulation.advance(toPosition: recording.endTime, eventCount: recording.endEventCount, maxEvents: maxEvents - spent())
        } else {
            simulation.advance(to: target, maxEvents: maxEvents - spent())
        }
        return spent()
    }

    /// Replays everything headless. Returns the replayed trace hash.
    public func playToEnd() -> String {
        advance(to: recording.endTime)
        return simulation.traceHash.hexDigest
    }
}
