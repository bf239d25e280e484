import AureonCluster
import AureonEngine

extension Scenario {
    /// A canonical text of everything that decides the history: the cluster configuration
    /// (seed included) and every run and action at its time, in the recording codec's words.
    /// The name, description and expectations are left out: they change no event.
    public func identityText() throws(InputError) -> String {
        var lines = [RecordingCodec.header(scenarioName: "", configuration: configuration)]
        let naming = configuration.naming
        for run in runs {
            lines.append(RecordingCodec.line(for: PerformedAction(time: .zero + run.at, afterEvents: 0, origin: .scheduled,
                                                                  action: .schedule(run.spec)), naming: naming))
        }
        for action in actions {
            let resolved = try action.resolve(nodeCount: configuration.nodeCount, file: source)
            lines.append(RecordingCodec.line(for: PerformedAction(time: .zero + action.at, afterEvents: 0, origin: .scheduled,
                                                                  action: resolved), naming: naming))
        }
        return lines.joined(separator: "\n")
    }

    /// 16 hex digits over ``identityText()`` and `extraLines` (what else the caller lets change
    /// the history, such as queue defects): what a checkpoint directory's manifest records.
    public func identityHash(including extraLines: [String] = []) throws(InputError) -> String {
        var hasher = TraceHasher()
        hasher.combine(([try identityText()] + extraLines).joined(separator: "\n"))
        return hasher.hexDigest
    }
}
