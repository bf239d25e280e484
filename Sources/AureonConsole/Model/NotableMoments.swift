import AureonCluster
import AureonEngine

/// The times of the events an operator jumps between with `{` and `}`: kills, faults, lease
/// expiries, stale writes and invariant violations, on one branch, ascending and each once.
///
/// Filled from the event stream at the branch's frontier only: when a jump runs the recorded
/// history again, its events are at or before the newest time kept and are not added twice.
struct NotableMoments: Sendable, Equatable {
    private(set) var times: [VirtualTime] = []
    /// Kept per branch; older moments are dropped first.
    static let limit = 100_000

    static func isNotable(_ kind: EventKind) -> Bool {
        switch kind {
        case .nodeKilled, .faultInjected, .leaseExpired, .staleWriteRejected, .invariantViolated: true
        default: false
        }
    }

    mutating func record(_ event: ClusterEvent) {
        guard Self.isNotable(event.kind), times.last.map({ event.time > $0 }) ?? true else { return }
        if times.count == Self.limit { times.removeFirst() }
        times.append(event.time)
    }

    /// The moments up to and including `time`: what a branch forked there inherits.
    func truncated(after time: VirtualTime) -> NotableMoments {
        var kept = self
        kept.times.removeAll { $0 > time }
        return kept
    }

    /// The latest moment before `time`.
    func previous(before time: VirtualTime) -> VirtualTime? { times.last { $0 < time } }

    /// The earliest moment after `time`.
    func next(after time: VirtualTime) -> VirtualTime? { times.first { $0 > time } }
}
