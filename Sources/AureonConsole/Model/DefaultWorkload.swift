import AureonCluster
import AureonEngine

/// Keeps the embedded default cluster from going quiet: every few virtual seconds, if every
/// unfinished run is already in its last iteration (or none is left), it schedules the next
/// one — so a fresh run overlaps the old one's slow final shards and commits never stop. The checks fall on fixed virtual
/// times (the pacer stops on them), so a session's arrivals do not depend on the frame rate,
/// and each arrival is an ordinary recorded `schedule` action, so replays repeat it exactly.
struct DefaultWorkload: Sendable {
    static let checkInterval = VirtualDuration.seconds(5)

    private(set) var nextCheck: VirtualTime = .zero + checkInterval

    /// Checks whether a run is due; `perform` carries the schedule out (through the time
    /// machine, so the branch records it). Not called in the past: the recorded future
    /// already holds the runs it scheduled there.
    mutating func feed(_ simulation: ClusterSimulation, perform: (OperatorAction) -> Void) {
        guard simulation.now >= nextCheck else { return }
        nextCheck = simulation.now + Self.checkInterval
        // Bounded by the runs scheduled so far (one per run's length of virtual time).
        let stillEarly = simulation.runs.contains { !$0.isComplete && $0.iteration < $0.spec.maxIterations }
        guard !stillEarly else { return }
        // A refused run (say, every node killed) leaves its run_refused event; try again later.
        perform(.schedule(ConsoleDefaults.repeatingRun(id: simulation.nextRunID())))
    }

    /// After a fork or a branch switch: the next check an interval from `now`.
    mutating func resync(now: VirtualTime) {
        nextCheck = now + Self.checkInterval
    }
}
