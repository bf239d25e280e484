/// A command that could not finish for a reason that is neither bad input (2) nor a failed
/// verdict (1) — a worker process lost, a pipe broken. `Entry` prints the one-line
/// description and exits with ``exitStatus`` (3, as for I/O failures).
protocol CommandFailure: Error, CustomStringConvertible {
    var exitStatus: Int32 { get }
}

extension CommandFailure {
    var exitStatus: Int32 { Entry.ioFailureStatus }
}

extension WorkerPool.Failure: CommandFailure {}
