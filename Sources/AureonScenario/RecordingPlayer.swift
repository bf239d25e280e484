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
        var processed = 0
        while nextInteractive < interactive.count, interactive[nextInteractive].time <= target {
            let action = interactive[nextInteractive]
            let remaining = maxEvents - processed
            guard remaining > 0 else { return processed }
            let before = simulation.counters.eventsProcessed
            simulation.advance(to: action.time, untilEventCount: min(action.afterEvents, before + remaining))
            processed += simulation.counters.eventsProcessed - before
            let reached = simulation.counters.eventsProcessed >= action.afterEvents
            // An edited file may ask for events that cannot happen before the action's time:
            // apply it anyway — the trace hash will then tell.
            let stalled = (simulation.nextEventTime ?? .distantFuture) > action.time
            guard reached || stalled else { return processed }  // out of budget for this frame
            try? simulation.perform(action.action)
            nextInteractive += 1
        }
        if nextInteractive == interactive.count || interactive[nextInteractive].time > target {
            let limit = target >= recording.endTime ? recording.endEventCount : Int.max
            let before = simulation.counters.eventsProcessed
            let cap = min(maxEvents - processed, max(0, limit - before))
            if target >= recording.endTime {
                simulation.advance(to: target, untilEventCount: before + cap)
            } else {
                simulation.advance(to: target, maxEvents: cap)
            }
            processed += simulation.counters.eventsProcessed - before
        }
        return processed
    }

    /// Replays everything headless. Returns the replayed trace hash.
    public func playToEnd() -> String {
        advance(to: recording.endTime)
        return simulation.traceHash.hexDigest
    }
}
