import AureonEngine

/// One `NodeOrchestrator` with the narrow public face a real process drives it through (live
/// mode's `aureon node`): inputs in, outputs out, the same state machine the simulation runs.
///
/// The simulation reaches the orchestrator's internals directly, for speed; an adapter that
/// turns outputs into SQL statements and wall-clock timers needs only this. Nothing here adds
/// behaviour: every method is one orchestrator method, and its effects are translated one for
/// one (an effect meant for the central services, which a lone node never produces, is a bug).
public struct NodeMachine: Sendable {
    public private(set) var node: NodeOrchestrator
    private var sink = EffectSink()

    /// A node named `name`, joining as `incarnation`, with the cluster's timings; `seed` draws
    /// its injected failures (none unless faults are set).
    public init(name: String, incarnation: Int, configuration: ClusterConfiguration, seed: UInt64) {
        precondition(incarnation >= 1, "incarnations count from 1")
        node = NodeOrchestrator(id: NodeID(0), name: name, role: .hybrid, maxConcurrency: configuration.concurrency,
                                settings: NodeSettings(configuration), seed: seed)
        node.incarnation = incarnation
    }

    /// Joins: the first heartbeat timer and a first pull.
    public mutating func start(now: VirtualTime) -> [NodeOutput] {
        node.start(now: now, firstHeartbeat: now, into: &sink)
        return drain()
    }

    /// A timer the node armed is due.
    public mutating func fire(_ timer: NodeTimer, now: VirtualTime) -> [NodeOutput] {
        switch timer {
        case let .heartbeat(incarnation): node.heartbeatDue(incarnation: incarnation, now: now, into: &sink)
        case let .pullTimeout(incarnation): node.pullTimedOut(incarnation: incarnation, now: now, into: &sink)
        case let .taskWake(execution, slot): node.taskWake(slot: slot, execution: execution, now: now, into: &sink)
        }
        return drain()
    }

    /// A message for the node arrived.
    public mutating func deliver(_ input: NodeInput, now: VirtualTime) -> [NodeOutput] {
        switch input {
        case let .leases(pullID, grants, fenced):
            let response = PullResponse(node: node.id, incarnation: node.incarnation, pullID: pullID,
                                        grants: GrantSpan(start: 0, count: Int32(grants.count)), fenced: fenced)
            node.receive(response, grants: grants[...], now: now, into: &sink)
        case let .renewReply(reply): node.receiveRenewReply(reply, now: now, into: &sink)
        case let .checkpointReply(reply): node.receiveCheckpointReply(reply, now: now, into: &sink)
        case .drain: node.receiveDrain(now: now, into: &sink)
        case .resume: node.receiveResume(now: now, into: &sink)
        case let .rejoin(fencedIncarnation): node.rejoin(fencedIncarnation: fencedIncarnation, now: now, into: &sink)
        }
        return drain()
    }

    /// Stops at once (SIGKILL's model): every execution is lost.
    public mutating func kill() { node.kill() }

    private mutating func drain() -> [NodeOutput] {
        var outputs: [NodeOutput] = []
        outputs.reserveCapacity(sink.count)
        for index in 0..<sink.count {
            switch sink[index] {
            case let .emit(kind, _, task, _, detail):
                outputs.append(.emit(kind, task: task, detail: sink.takeDetail(detail)))
            case let .send(index):
                let outgoing = sink.outgoing(index)
                outputs.append(.send(outgoing.message, to: outgoing.to))
            case let .arm(.heartbeat(_, incarnation), at):
                outputs.append(.arm(.heartbeat(incarnation: Int(incarnation)), at: at))
            case let .arm(.pullTimeout(_, incarnation), at):
                outputs.append(.arm(.pullTimeout(incarnation: Int(incarnation)), at: at))
            case let .arm(.taskWake(execution, _, slot), at):
                outputs.append(.arm(.taskWake(execution: execution, slot: Int(slot)), at: at))
            case let other:
                preconditionFailure("a lone node produced an effect for the central services: \(other)")
            }
        }
        sink.removeAll()
        return outputs
    }
}

/// The timers a node arms for itself.
public enum NodeTimer: Sendable, Equatable {
    case heartbeat(incarnation: Int)
    case pullTimeout(incarnation: Int)
    case taskWake(execution: UInt64, slot: Int)
}

/// What arrives at a node.
public enum NodeInput: Sendable {
    /// The answer to pull `pullID`: its leases, or that the incarnation is fenced.
    case leases(pullID: UInt32, grants: [LeaseGrant], fenced: Bool)
    case renewReply(WriteReply)
    case checkpointReply(WriteReply)
    case drain
    case resume
    case rejoin(fencedIncarnation: Int)
}

/// What a node asks of the world after one of its methods ran.
public enum NodeOutput: Sendable {
    /// A message to the queue (data plane) or the coordinator (heartbeats).
    case send(NetworkMessage, to: Endpoint)
    case arm(NodeTimer, at: VirtualTime)
    /// Something the node itself observed (a lease it gave up, a rejoin, a failed checkpoint write).
    case emit(EventKind, task: TaskRef?, detail: EventDetail)
}

extension LeaseGrant {
    /// A lease as a queue outside the simulation hands it out.
    public init(message: MessageID, task: TaskRef, token: FencingToken, deadline: VirtualTime, attempt: Int,
                resumeFrom: Double, work: VirtualDuration) {
        self.init(message: message, task: task, token: token, deadline: deadline, attempt: attempt, resumeFrom: resumeFrom,
                  alreadyCommitted: false, work: work, isPoison: false)
    }
}

extension WriteReply {
    /// The answer to `write` (a renewal, or a checkpoint of `isFinal`).
    public init(answering write: FencedWrite, isFinal: Bool, outcome: Outcome) {
        self.init(node: write.node, incarnation: write.incarnation, execution: write.execution, slot: write.slot,
                  isFinal: isFinal, outcome: outcome)
    }
}
