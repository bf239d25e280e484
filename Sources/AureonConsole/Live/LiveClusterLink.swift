import AureonPostgres

/// Where a live console's facts come from and its orders go: ``LiveClusterWatch`` in the
/// program, a fake in tests. Neither call blocks: the watch does the I/O on its own task.
public protocol LiveClusterLink: AnyObject {
    /// What arrived since the last call, oldest first.
    func takeUpdates() -> [LiveWatchUpdate]
    /// Queues a control request for `node`; false when it cannot be queued now.
    @discardableResult
    func request(_ action: ControlAction, for node: String) -> Bool
}

extension LiveClusterWatch: LiveClusterLink {}

/// What a console can do to a node process it started itself (`aureon live`).
public enum NodeSignal: Sendable, Equatable {
    /// SIGKILL: gone at once, its leases run out.
    case kill
    /// SIGSTOP: frozen, a zombie whose late writes the fencing refuses.
    case stop
    /// SIGCONT after a stop.
    case resume
    /// A partition: its database connections are closed and new ones refused (it runs on,
    /// and sees a lost database).
    case cut
    /// The partition ends.
    case heal
}

/// The processes `aureon live` started; nil for a console attached with `--live URL`.
public protocol LiveNodeLauncher: AnyObject {
    /// The process id of `node` when this launcher started it and it still runs.
    func startedPID(of node: String) -> Int32?
    /// Sends `signal` to `node`'s process; false when it is not one of ours (or already gone).
    func send(_ signal: NodeSignal, to node: String) -> Bool
}
