/// Running totals the summary, the console and the benchmarks report, counted from the event
/// stream in one place (`count(_:)`), so a total and the events it counts cannot disagree.
public struct SimulationCounters: Sendable, Equatable {
    public internal(set) var eventsProcessed = 0
    public internal(set) var leasesGranted = 0
    public internal(set) var redeliveries = 0
    public internal(set) var resumedFromCheckpoint = 0
    public internal(set) var staleWritesRejected = 0
    public internal(set) var leasesExpired = 0
    public internal(set) var commits = 0
    public internal(set) var checkpointsSaved = 0
    public internal(set) var checkpointWriteFailures = 0
    public internal(set) var taskFailures = 0
    public internal(set) var validationRejections = 0
    public internal(set) var deadLettered = 0
    public internal(set) var renewals = 0
    public internal(set) var shardsScheduled = 0
    /// Messages dropped by the loss fault, per plane.
    public internal(set) var controlMessagesLost = 0
    public internal(set) var dataMessagesLost = 0
    /// Leases a node's lease manager gave up (self-fencing, or its incarnation fenced).
    public internal(set) var leasesAbandoned = 0
    /// Redeliveries that found the task committed and acked it without working again.
    public internal(set) var alreadyCommitted = 0
    /// Incarnations the coordinator declared dead (and the queue fenced).
    public internal(set) var incarnationsFenced = 0
    public internal(set) var runsRefused = 0

    mutating func count(_ kind: EventKind, detail: EventDetail) {
        switch kind {
        case .shardLeased: leasesGranted += 1
        case .taskRedelivered:
            leasesGranted += 1
            redeliveries += 1
            if case let .redelivery(_, _, resumedFrom?, _, _) = detail, resumedFrom > 0 { resumedFromCheckpoint += 1 }
        case .staleWriteRejected: staleWritesRejected += 1
        case .leaseExpired: leasesExpired += 1
        case .taskCommitted: commits += 1
        case .checkpointSaved: checkpointsSaved += 1
        case .checkpointFailed: checkpointWriteFailures += 1
        case .taskFailed: taskFailures += 1
        case .validationRejected: validationRejections += 1
        case .deadLettered: deadLettered += 1
        case .leaseRenewed: renewals += 1
        case .messageLost:
            if case .messageLost(.data, _) = detail { dataMessagesLost += 1 } else { controlMessagesLost += 1 }
        case .leaseAbandoned: leasesAbandoned += 1
        case .alreadyCommitted: alreadyCommitted += 1
        case .nodeDead: incarnationsFenced += 1
        case .runRefused: runsRefused += 1
        default: break
        }
    }
}
