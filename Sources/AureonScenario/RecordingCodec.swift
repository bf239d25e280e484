import AureonCluster
import AureonEngine
import Foundation

/// JSON encoding of recordings, line by line, from the vocabulary tables (the reader takes the
/// same tables back, so every key written is a key read).
enum RecordingCodec {
    static func header(scenarioName: String, configuration: ClusterConfiguration) -> String {
        let cluster = JSONText.object(ConfigurationKeys.all.map { key in
            (key.descriptor.recordingKey, ValueType.encode(key.read(configuration)))
        })
        return JSONText.object([
            ("format", JSONText.string(Recording.formatName)), ("version", String(Recording.version)),
            ("scenario", JSONText.string(scenarioName)), ("cluster", cluster),
        ])
    }

    static func line(for performed: PerformedAction, naming: NodeNaming) -> String {
        let (verb, values, run) = ActionVerbs.values(of: performed.action, naming: naming)
        var pairs: [(String, String)] = [
            ("at_us", String(performed.time.microseconds)), ("after_events", String(performed.afterEvents)),
            ("origin", JSONText.string(performed.origin.rawValue)), ("action", JSONText.string(verb.name)),
        ]
        pairs += values.map { ($0.0.recordingKey, ValueType.encode($0.1)) }
        if let run { pairs.append((ActionVerbs.Parameter.run.recordingKey, self.run(run))) }
        return JSONText.object(pairs)
    }

    static func end(_ position: HistoryPosition, traceHash: String) -> String {
        JSONText.object([
            ("end", "true"), ("at_us", String(position.time.microseconds)), ("events_processed", String(position.eventCount)),
            ("trace_hash", JSONText.string(traceHash)),
        ])
    }

    static func branchLine(for branch: Branch) -> String {
        JSONText.object([
            ("branch", JSONText.string(branch.name)), ("parent", JSONText.string(branch.parent ?? Branch.mainName)),
            ("fork_at_us", String(branch.fork.time.microseconds)), ("fork_after_events", String(branch.fork.eventCount)),
            ("inherited_actions", String(branch.inheritedActionCount)),
        ])
    }

    static func run(_ spec: RunSpec) -> String {
        JSONText.object(RunKeys.all.map { ($0.descriptor.recordingKey, ValueType.encode($0.read(spec))) })
    }
}
