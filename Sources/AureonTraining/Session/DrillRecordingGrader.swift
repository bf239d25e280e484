import AureonCluster
import AureonEngine
import AureonScenario

/// Grades a recorded console attempt (`aureon drill check`): the recording is played back
/// exactly (every action at its recorded place) while a fresh tracker watches, so the verdict
/// is the one the console gave, and the one a headless run of the same actions gives.
public enum DrillRecordingGrader {
    public static func grade(_ recording: Recording, drill: Drill, trainee: String, file: String) throws(InputError) -> DrillVerdict {
        guard header(recording.configuration) == header(drill.scenario.configuration) else {
            throw InputError(file: file, line: 1, "cluster: the recording's cluster is not drill '\(drill.name)''s (was the drill file changed?)")
        }
        let tracker = ObjectiveTracker(drill: drill)
        let player = try RecordingPlayer(recording: recording, eventSink: { tracker.observe($0) })
        tracker.attach(player.simulation)
        // Bounded: each pass moves the clock one interval forward, up to the recorded end.
        while !player.isFinished {
            player.advance(to: player.simulation.now + DrillSession.evaluationInterval)
            tracker.evaluate()
        }
        let replayed = player.simulation.traceHash.hexDigest
        guard replayed == recording.traceHash else {
            throw InputError(file: file, "trace_hash: the recording replays to \(replayed), not \(recording.traceHash) (recorded by another build?)")
        }
        tracker.finish()
        return DrillVerdict(drill: drill, trainee: trainee, tracker: tracker, simulation: player.simulation)
    }

    /// The cluster as a recording writes it: the settings a recording carries are the ones compared.
    private static func header(_ configuration: ClusterConfiguration) -> Substring {
        let text = Recording(scenarioName: "", configuration: configuration, actions: [], endTime: .zero, endEventCount: 0, traceHash: "").text
        return text.prefix { $0 != "\n" }
    }
}
