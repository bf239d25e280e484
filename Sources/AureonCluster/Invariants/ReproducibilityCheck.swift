import AureonEngine

/// Invariant 6: the same seed and the same actions give the same history. One stream cannot
/// show it, so this compares two runs: their trace hashes, or their event streams event by
/// event, reporting the first event where they part.
public enum ReproducibilityCheck {
    /// A violation when the two runs' trace hashes differ (`time`: where the runs ended).
    public static func compare(traceHash first: UInt64, with second: UInt64, at time: VirtualTime) -> InvariantViolation? {
        guard first != second else { return nil }
        return InvariantViolation(time: time, rule: .reproducibility,
                                  detail: "trace hash \(TraceHasher.hex(first)) in the first run, \(TraceHasher.hex(second)) in the second")
    }

    /// The first event at which two histories of the same seed and actions differ, as a
    /// violation naming its sequence, time and kind in each; nil when they are equal. Reads
    /// each sequence once, as far as the first difference.
    public static func firstDivergence<First: Sequence, Second: Sequence>(
        _ first: First, _ second: Second
    ) -> InvariantViolation? where First.Element == ClusterEvent, Second.Element == ClusterEvent {
        var left = first.makeIterator()
        var right = second.makeIterator()
        var position = 0
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil):
                return nil
            case let (event?, nil):
                return InvariantViolation(time: event.time, rule: .reproducibility,
                                          detail: "the second run ends after \(position) events; the first goes on with \(describe(event))")
            case let (nil, event?):
                return InvariantViolation(time: event.time, rule: .reproducibility,
                                          detail: "the first run ends after \(position) events; the second goes on with \(describe(event))")
            case let (a?, b?) where a != b:
                return InvariantViolation(time: min(a.time, b.time), rule: .reproducibility,
                                          detail: "event \(position) differs: first run \(describe(a)), second run \(describe(b))",
                                          node: a.node, task: a.task)
            default:
                position += 1
            }
        }
    }

    private static func describe(_ event: ClusterEvent) -> String {
        var text = "#\(event.sequence) at \(event.time) \(event.kind.rawValue)"
        if let node = event.node { text += " " + NodeNaming(nodeCount: node.index + 1).name(of: node) }
        if let task = event.task { text += " \(task)" }
        return text
    }
}
