import AureonEngine

/// One event as the core records it: the facts of a `ClusterEvent` with its task and run as
/// slots (`TaskRef`, `runSlot`) instead of names.
///
/// Why: every event is copied into the log's ring, read by the counters and fed to the
/// invariant checker; with names (strings) in it, each copy retained and released them and the
/// checker found its shadows by comparing names. `RunNameTable` turns a record into the public
/// `ClusterEvent` when a view, the JSON output or a sink asks.
struct EventRecord: Sendable {
    let time: VirtualTime
    /// Position in the history; with `time` it orders events totally.
    let sequence: UInt64
    let kind: EventKind
    let node: NodeID?
    let task: TaskRef?
    /// The run's slot (the task's, for an event that names a task); -1: the event names no run.
    let runSlot: Int32
    let detail: EventDetail
}
