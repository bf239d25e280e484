import AureonCluster

/// The invariants that apply to a real history, checked after the fact from the events table
/// alone (Jepsen-style): nothing here trusts the queue's own state columns.
///
/// - exactly_once: every scheduled shard is committed exactly once or dead-lettered, not both.
/// - fencing: lease epochs of a shard strictly increase, and every accepted write carries the
///   shard's current epoch (a stale write that was applied is a violation).
/// - no_lease_when_unavailable: no lease goes to an incarnation after it was declared dead.
/// - progress_monotonic: a shard's checkpointed progress never goes back.
public enum LiveHistoryCheck {
    public struct Violation: Sendable, Equatable, CustomStringConvertible {
        public let rule: InvariantViolation.Rule
        /// The event that broke the rule (nil for a shard that never finished).
        public let seq: Int64?
        public let detail: String

        public var description: String {
            "\(seq.map { "event \($0)" } ?? "end of history") \(rule.rawValue): \(detail)"
        }
    }

    /// What the history holds, and what is wrong with it.
    public struct Report: Sendable, Equatable {
        public var shards = 0
        public var committed = 0
        public var deadLettered = 0
        public var staleWritesRejected = 0
        public var violations: [Violation] = []
        public var passed: Bool { violations.isEmpty }
    }

    private struct ShardTrack {
        var epoch: Int64 = 0
        var progress: Int64 = 0
        var commits = 0
        var deadLetters = 0
    }

    public static func check(_ history: LiveHistory) -> Report {
        var report = Report()
        report.shards = history.shards.count
        var tracks: [Int64: ShardTrack] = [:]
        var fencedThrough: [String: Int] = [:]
        func flag(_ rule: InvariantViolation.Rule, _ event: LiveEvent, _ detail: String) {
            report.violations.append(Violation(rule: rule, seq: event.seq, detail: detail))
        }
        for event in history.events.sorted(by: { $0.seq < $1.seq }) {
            guard let kind = EventKind(rawValue: event.kind) else { continue }
            if kind == .nodeDead, let node = event.node, let incarnation = event.incarnation {
                fencedThrough[node] = max(fencedThrough[node] ?? 0, incarnation)
                continue
            }
            if kind == .staleWriteRejected {
                report.staleWritesRejected += 1
                continue
            }
            guard let shard = event.shard, let epoch = event.epoch else { continue }
            var track = tracks[shard] ?? ShardTrack()
            let who = "\(event.node ?? "?")#\(event.incarnation.map(String.init) ?? "?")"
            switch kind {
            case .shardLeased, .leaseExpired:
                if epoch <= track.epoch {
                    flag(.fencing, event, "shard \(shard) \(kind.rawValue) at epoch \(epoch), not above \(track.epoch)")
                }
                if kind == .shardLeased, let node = event.node, let incarnation = event.incarnation,
                   let fenced = fencedThrough[node], incarnation <= fenced {
                    flag(.noLeaseWhenUnavailable, event, "shard \(shard) leased to \(who), fenced through incarnation \(fenced)")
                }
                track.epoch = max(track.epoch, epoch)
            case .leaseRenewed, .checkpointSaved, .taskCommitted, .taskFailed, .deadLettered:
                if epoch != track.epoch {
                    flag(.fencing, event, "shard \(shard) \(kind.rawValue) by \(who) accepted at stale epoch \(epoch) (current \(track.epoch))")
                }
                if kind == .checkpointSaved, let progress = event.progressMicros {
                    if progress < track.progress {
                        flag(.progressMonotonic, event, "shard \(shard) checkpoint went back from \(track.progress) to \(progress) µs")
                    }
                    track.progress = max(track.progress, progress)
                }
                if kind == .taskCommitted { track.commits += 1 }
                if kind == .deadLettered { track.deadLetters += 1 }
            default:
                break
            }
            tracks[shard] = track
        }
        for shard in history.shards.sorted() {
            let track = tracks[shard] ?? ShardTrack()
            report.committed += track.commits
            report.deadLettered += track.deadLetters
            let outcomes = track.commits + track.deadLetters
            guard outcomes != 1 else { continue }
            let detail = outcomes == 0
                ? "shard \(shard) was never committed nor dead-lettered"
                : "shard \(shard) committed \(track.commits) times and dead-lettered \(track.deadLetters) times"
            report.violations.append(Violation(rule: .exactlyOnce, seq: nil, detail: detail))
        }
        return report
    }
}
