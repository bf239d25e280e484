import AureonCluster
import AureonEngine

/// A recorded session: seed, full configuration, every action with its place in the history,
/// and how the history ended. Replaying it must give the same trace hash.
///
/// File format (JSON lines, versioned):
///
///     {"format":"aureon-recording","version":2,"scenario":"…","cluster":{…}}
///     {"at_us":45000000,"after_events":812,"origin":"interactive","action":"kill","node":"node-03"}
///     …
///     {"end":true,"at_us":600000000,"events_processed":91234,"trace_hash":"6f0c7647e331f9c3"}
///
/// The closing line is the completeness mark: a file without it was cut short and is refused.
public struct Recording: Sendable {
    public static let formatName = "aureon-recording"
    /// 2: Core v2 (new cluster keys; histories of the new model).
    public static let version = 2
    /// Limits on what one file may hold.
    public static let maxLines = 2_000_000
    public static let maxLineBytes = 64 * 1024

    public var scenarioName: String
    public var configuration: ClusterConfiguration
    public var actions: [PerformedAction]
    public var endTime: VirtualTime
    public var endEventCount: Int
    public var traceHash: String

    public init(scenarioName: String, configuration: ClusterConfiguration, actions: [PerformedAction],
                endTime: VirtualTime, endEventCount: Int, traceHash: String) {
        self.scenarioName = scenarioName
        self.configuration = configuration
        self.actions = actions
        self.endTime = endTime
        self.endEventCount = endEventCount
        self.traceHash = traceHash
    }

    /// Captures a finished (or stopped) simulation.
    public init(scenarioName: String, simulation: ClusterSimulation) {
        self.init(scenarioName: scenarioName, configuration: simulation.configuration, actions: simulation.performedActions,
                  endTime: simulation.now, endEventCount: simulation.counters.eventsProcessed,
                  traceHash: simulation.traceHash.hexDigest)
    }

    /// The file's text.
    public var text: String {
        var lines = [RecordingCodec.header(scenarioName: scenarioName, configuration: configuration)]
        let naming = configuration.naming
        lines += actions.map { RecordingCodec.line(for: $0, naming: naming) }
        lines.append(JSONText.object([
            ("end", "true"), ("at_us", String(endTime.microseconds)), ("events_processed", String(endEventCount)),
            ("trace_hash", JSONText.string(traceHash)),
        ]))
        return lines.joined(separator: "\n") + "\n"
    }
}
