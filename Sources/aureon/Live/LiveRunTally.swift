import AureonCluster
import AureonPostgres

/// The counts a live run reports, taken from its events table after the fact — the same
/// quantities `simulate` counts as they happen, so the two summaries read alike.
struct LiveRunTally: Sendable, Equatable {
    var leases = 0
    /// Leases beyond a shard's first.
    var redeliveries = 0
    /// Leases of a shard that had saved progress: the holder resumed from a checkpoint.
    var resumedFromCheckpoint = 0
    var checkpointsSaved = 0
    /// Leases that ended neither in a commit nor in a nack: their visibility ran out, or the
    /// coordinator revoked them when it fenced the holder.
    var leasesExpired = 0
    var incarnationsFenced = 0
    var duplicateCommits = 0
    /// Shards neither committed nor dead-lettered.
    var lostShards = 0

    private struct Shard {
        var leases = 0
        var commits = 0
        var deadLetters = 0
        var progress: Int64 = 0
        var leaseOpen = false
    }

    init(_ history: LiveHistory) {
        var shards: [Int64: Shard] = [:]
        for event in history.events.sorted(by: { $0.seq < $1.seq }) {
            guard let kind = EventKind(rawValue: event.kind) else { continue }
            if kind == .nodeDead {
                incarnationsFenced += 1
                continue
            }
            guard let id = event.shard else { continue }
            var shard = shards[id] ?? Shard()
            switch kind {
            case .shardLeased:
                leases += 1
                if shard.leases > 0 { redeliveries += 1 }
                if shard.progress > 0 { resumedFromCheckpoint += 1 }
                if shard.leaseOpen { leasesExpired += 1 }
                shard.leases += 1
                shard.leaseOpen = true
            case .leaseExpired:
                if shard.leaseOpen { leasesExpired += 1 }
                shard.leaseOpen = false
            case .checkpointSaved:
                checkpointsSaved += 1
                shard.progress = max(shard.progress, event.progressMicros ?? 0)
            case .taskCommitted:
                shard.commits += 1
                shard.leaseOpen = false
            case .taskFailed:
                shard.leaseOpen = false
            case .deadLettered:
                shard.deadLetters += 1
                shard.leaseOpen = false
            default:
                break
            }
            shards[id] = shard
        }
        for id in history.shards {
            let shard = shards[id] ?? Shard()
            duplicateCommits += max(0, shard.commits - 1)
            if shard.commits + shard.deadLetters == 0 { lostShards += 1 }
        }
    }
}
