import AureonEngine

/// Everything that crosses the simulated network, on both planes (see `MessageKind`).
///
/// Plain data, like `Effect` (a test checks it): a lease grant's grants travel beside the
/// message, named by a ``GrantSpan``, and a nack names its failure by kind, not by text.
///
/// Node-originated messages carry the sender's incarnation: the receiver drops what a dead
/// process sent (a killed node's connection is gone) and the queue fences what a declared-dead
/// incarnation writes.
public enum NetworkMessage: Sendable {
    // MARK: control plane
    /// Node → coordinator, every heartbeat interval. Also the node's acknowledgement of drain
    /// and resume orders: the coordinator re-sends an order until a heartbeat shows it obeyed.
    case heartbeat(Heartbeat)
    /// Coordinator → node: stop taking work (operator, recovery or chaos drain).
    case drainNode
    /// Coordinator → node: take work again.
    case resumeNode
    /// Anyone → coordinator: move unstarted shards off draining, dead and overloaded nodes.
    case rebalanceRequest
    /// Coordinator → node: your incarnation was declared dead; abandon its work and rejoin.
    case rejoin(fencedIncarnation: Int)

    // MARK: data plane
    /// Node → queue: lease me up to `want` tasks (a long poll: held until work arrives or
    /// `pull_wait` passes).
    case pull(PullRequest)
    /// Queue → node: the answer to one pull, with zero or more leases.
    case leaseGrant(PullResponse)
    /// Node → queue: extend my lease.
    case renew(FencedWrite)
    /// Queue → node.
    case renewReply(WriteReply)
    /// Node → queue (and its checkpoint store): a progress checkpoint, or the final one (1.0)
    /// that commits the task.
    case checkpoint(CheckpointWrite)
    /// Queue → node.
    case checkpointReply(WriteReply)
    /// Node → queue: done with this message; sent once, not retried (a lost ack is what
    /// redelivery and the committed final checkpoint are for).
    case ack(FencedWrite)
    /// Node → queue: the execution failed; make the message visible again after `delay`.
    case nack(FencedWrite, delay: VirtualDuration, failure: ExecutionFailure)

    public var kind: MessageKind {
        switch self {
        case .heartbeat: .heartbeat
        case .drainNode: .drainNode
        case .resumeNode: .resumeNode
        case .rebalanceRequest: .rebalanceRequest
        case .rejoin: .rejoin
        case .pull: .pull
        case .leaseGrant: .leaseGrant
        case .renew: .renew
        case .renewReply: .renewReply
        case .checkpoint: .checkpoint
        case .checkpointReply: .checkpointReply
        case .ack: .ack
        case .nack: .nack
        }
    }
}

/// What a node reports about itself every heartbeat interval.
public struct Heartbeat: Sendable, Equatable {
    public let node: NodeID
    public let incarnation: Int
    public let health: NodeHealth
    public let activeTasks: Int
    public let maxConcurrency: Int
    public let completed: Int
}

/// Who a message is for, or from.
public enum Endpoint: Sendable, Equatable {
    case coordinator
    /// The work queue with its checkpoint store (the data plane's server).
    case queue
    case node(NodeID)
}

public struct PullRequest: Sendable {
    public let node: NodeID
    public let incarnation: Int
    /// Free slots when the request was sent: the queue grants at most this many.
    public let want: Int
    /// Numbers the node's pulls, so a late answer to an older one is recognised.
    public let pullID: UInt32
}

/// One lease as the queue hands it out, with what the holder needs to run the task.
public struct LeaseGrant: Sendable {
    public let message: MessageID
    public let task: TaskRef
    public let token: FencingToken
    public let deadline: VirtualTime
    /// The receive number of this delivery (1 for the first): validation draws per attempt.
    public let attempt: Int
    /// Progress of the task's latest accepted checkpoint (0 when none): the resume point.
    public let resumeFrom: Double
    /// The final checkpoint was already committed (an earlier holder's ack was lost).
    public let alreadyCommitted: Bool
    /// The virtual work the shard needs on a normal node.
    public let work: VirtualDuration
    /// The shard fails whatever node runs it (a poison shard).
    public let isPoison: Bool
}

/// Where the grants of one pull response are kept while the response is on its way: a range
/// of the grant buffer of whoever holds the message (the effect sink that produced it, then
/// the in-flight slot that carries it).
public struct GrantSpan: Sendable, Equatable {
    public let start: Int32
    public let count: Int32
    public static let empty = GrantSpan(start: 0, count: 0)
}

/// Why an execution failed (the nack's reason, told by kind so the message stays plain data).
public enum ExecutionFailure: Sendable {
    /// An injected failure (the flaky fault): another attempt may succeed.
    case failed
    /// A poison shard: every attempt fails.
    case poisoned

    /// The reason the queue records, naming the node it failed on.
    public func reason(on node: String) -> String {
        switch self {
        case .failed: "execution failed on \(node)"
        case .poisoned: "poison shard failed on \(node)"
        }
    }
}

public struct PullResponse: Sendable {
    public let node: NodeID
    public let incarnation: Int
    public let pullID: UInt32
    public let grants: GrantSpan
    /// The queue refuses this incarnation: it was declared dead.
    public let fenced: Bool
}

/// A write that must carry the current lease's token.
public struct FencedWrite: Sendable {
    public let node: NodeID
    public let incarnation: Int
    public let message: MessageID
    public let token: FencingToken
    /// Which of the node's executions sent it (so a reply finds its slot).
    public let execution: UInt64
    public let slot: Int
}

public struct CheckpointWrite: Sendable {
    public let write: FencedWrite
    public let progress: Double
    public var isFinal: Bool { progress >= 1 }
}

/// The queue's answer to a fenced write.
public struct WriteReply: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// Accepted; for a renewal, the new deadline.
        case accepted(deadline: VirtualTime)
        /// The token is not current or the lease ran out: someone else may hold the task.
        case stale
        /// The writer's incarnation was declared dead.
        case fenced
        /// The final result failed validation: the task is requeued, its checkpoints discarded.
        case rejected
    }
    public let node: NodeID
    public let incarnation: Int
    public let execution: UInt64
    public let slot: Int
    /// For checkpoint replies: whether it answers the final checkpoint (a progress checkpoint's
    /// answer can arrive after the work finished, and must not be taken for the commit).
    public let isFinal: Bool
    public let outcome: Outcome
}
