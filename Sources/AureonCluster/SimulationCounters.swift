/// Running totals the summary, the console and the benchmarks report.
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
    /// Actions put on the timeline in advance (scenario runs and actions) that the simulation
    /// refused when their time came: a headless verdict fails on them unless expected.
    public internal(set) var scheduledActionsRefused = 0
}
