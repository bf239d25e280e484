import AureonCluster
import AureonEngine
import PostgresNIO
#if canImport(Glibc)
import Glibc
#endif

/// Why a live node's loop ended.
public enum LiveNodeStop: Sendable, Equatable {
    /// Asked to drain (SIGTERM): it took no new work and finished what it held.
    case drained
    /// Asked to stop at once (SIGINT, SIGHUP, a second SIGTERM): its leases run out at the queue.
    case stopped
    /// A `kill` control request: it exits at once, as SIGKILL would end it.
    case killed
}

/// What the process around the node asks between two steps.
public enum LiveNodeSignal: Sendable, Equatable {
    case drain
    case stop
}

/// `aureon node`: Core v2's `NodeOrchestrator` (through `NodeMachine`) driven by real I/O.
///
/// The adapter only translates. Each output of the state machine becomes one thing in the
/// world — a pull becomes the lease statement, a renewal, checkpoint, nack or the final
/// checkpoint (the commit) one fenced statement, a heartbeat an update of `nodes` that also
/// reads the operator's control requests, a timer an entry in a wall-clock timer queue — and
/// each answer goes back in as the message the simulation's queue would have sent. A long
/// poll that finds nothing is parked and retried until `pull_wait` passes, then answered empty.
///
/// The database is the network: a statement whose connection fails is a lost message. The
/// node is told nothing; its own timers re-send, exactly as they do for a lost message in the
/// simulation, while the adapter reconnects with backoff. A node silent long enough is
/// declared dead by the coordinator, and learns it from its next heartbeat (fenced): it rejoins
/// as a new incarnation, which the database assigns.
public final class LiveNode {
    public private(set) var identity: NodeIdentity
    private let address: DatabaseAddress
    private let configuration: ClusterConfiguration
    private let clock: LiveClock
    private let log: (String) -> Void
    private var machine: NodeMachine
    private var queue: LiveQueue?
    private var timers = NodeTimerQueue()
    /// The leases the node holds, by shard id: what a write needs besides its token.
    private var leases: [Int64: LeasedShard] = [:]
    /// The machine's incarnation the database knows (it differs once the node rejoined and
    /// before the new incarnation is registered).
    private var registeredIncarnation: Int
    private var reportedHealth = NodeHealth.healthy
    private var parked: ParkedPull?
    private var exiting = false
    private var killRequested = false
    private var connectionLost: (since: VirtualTime, retryAt: VirtualTime, backoffMilliseconds: Int, reason: String)?
    /// Statements failed in a row: a database that accepts connections but refuses every
    /// statement is an error, not an outage.
    private var failuresInARow = 0

    private struct ParkedPull {
        let request: PullRequest
        let since: VirtualTime
        var retryAt: VirtualTime
    }

    /// How often a parked pull asks again (real time).
    static let pollMilliseconds = 50
    /// The longest the loop sleeps between two looks at signals (real time).
    static let maxWaitMilliseconds = 100
    /// How long the database may stay unreachable before the node gives up (real seconds).
    public static let reconnectWindowSeconds = 120.0
    static let maxBackoffMilliseconds = 2_000
    static let failuresInARowLimit = 50
    /// Outputs of one step, answers included (a feedback loop fails loudly).
    static let outputsPerStepLimit = 100_000
    static let timersPerStepLimit = 100_000

    /// Connects, brings the schema up to date and joins as the node's next incarnation.
    /// A database that cannot be reached is bad input (exit 2), in one line.
    public init(address: DatabaseAddress, name: String, configuration: ClusterConfiguration, clock: LiveClock,
                log: @escaping (String) -> Void) throws(LiveError) {
        self.address = address
        self.configuration = configuration
        self.clock = clock
        self.log = log
        let pid = Int(getpid())
        let host = Self.hostName()
        do {
            (queue, identity) = try LiveBlocking.run {
                let queue = try await LiveQueue.connect(to: address)
                do {
                    try await queue.migrate()
                    return (queue, try await queue.join(node: name, pid: pid, host: host))
                } catch {
                    await queue.close()
                    throw error
                }
            }
        } catch let error as LiveError {
            throw error
        } catch {
            throw LiveError(.io, "joining \(address) as \(name) failed: \(LiveError.reason(error))")
        }
        registeredIncarnation = identity.incarnation
        machine = NodeMachine(name: name, incarnation: identity.incarnation, configuration: configuration, seed: configuration.seed)
        log("node \(identity) joined pid \(pid)")
    }

    /// Shards this node committed (this process, every incarnation).
    public var committed: Int { machine.node.completedCount }

    /// Runs until a signal, a kill request or (draining) an empty node ends it. `wait` sleeps
    /// at most the given milliseconds and returns what the process was asked meanwhile.
    public func run(waiting wait: (Int) -> LiveNodeSignal?) throws(LiveError) -> LiveNodeStop {
        try process(machine.start(now: clock.now))
        // Bounded by the signals the operator sends; each pass handles what is due.
        while !killRequested {
            let wakeAt = [timers.earliest, parked?.retryAt, connectionLost?.retryAt].compactMap { $0 }.min()
            let milliseconds = wakeAt.map { clock.realMilliseconds(until: $0, atMost: Self.maxWaitMilliseconds) } ?? Self.maxWaitMilliseconds
            switch wait(milliseconds) {
            case .stop?:
                machine.kill()
                return .stopped
            case .drain? where exiting:
                machine.kill()
                return .stopped
            case .drain?:
                exiting = true
                try process(machine.deliver(.drain, now: clock.now))
            case nil:
                break
            }
            try reconnectIfDue()
            var fired = 0
            while !killRequested, let timer = timers.popDue(at: clock.now) {
                fired += 1
                precondition(fired <= Self.timersPerStepLimit, "more than \(Self.timersPerStepLimit) timers due at once")
                try process(machine.fire(timer, now: clock.now))
            }
            if !killRequested { try retryParkedPull() }
            if exiting, machine.node.activeCount == 0 { return .drained }
        }
        return .killed
    }

    /// Closes the connection (best effort: the process is ending). A node killed by a control
    /// request is closed too when it lives on in a test; `aureon node` simply exits.
    public func close() {
        guard let queue else { return }
        LiveBlocking.finish { await queue.close() }
        self.queue = nil
    }

    // MARK: Outputs

    private func process(_ first: [NodeOutput]) throws(LiveError) {
        var outputs = first
        var index = 0
        while index < outputs.count, !killRequested {
            precondition(index < Self.outputsPerStepLimit, "more than \(Self.outputsPerStepLimit) outputs in one step")
            switch outputs[index] {
            case let .arm(timer, at): timers.arm(timer, at: at)
            case let .emit(kind, task, detail): try record(kind, task: task, detail: detail)
            case let .send(message, _): outputs += try send(message)
            }
            index += 1
        }
    }

    private func send(_ message: NetworkMessage) throws(LiveError) -> [NodeOutput] {
        switch message {
        case let .heartbeat(heartbeat): return try beat(heartbeat)
        case let .pull(request):
            parked = nil  // a newer pull replaces a parked one (the older timed out)
            return try pull(request, since: clock.now)
        case let .renew(write):
            guard let lease = held(write) else { return [] }
            let sentAt = clock.now
            let visibility = clock.realSeconds(configuration.visibilityTimeout)
            guard let outcome = try statement({ try await $0.renew(lease, visibilitySeconds: visibility) }) else { return [] }
            return machine.deliver(.renewReply(reply(to: write, isFinal: false, outcome, sentAt: sentAt)), now: clock.now)
        case let .checkpoint(checkpoint):
            guard let lease = held(checkpoint.write) else { return [] }
            let sentAt = clock.now
            let outcome: WriteOutcome?
            if checkpoint.isFinal {
                // The final checkpoint is the commit (the simulation's queue commits on it too).
                outcome = try statement { try await $0.ack(lease) }
            } else {
                let progress = Int64((checkpoint.progress * Double(lease.workMicros)).rounded(.down))
                outcome = try statement { try await $0.checkpoint(lease, progressMicros: progress) }
            }
            guard let outcome else { return [] }
            return machine.deliver(.checkpointReply(reply(to: checkpoint.write, isFinal: checkpoint.isFinal, outcome, sentAt: sentAt)),
                                   now: clock.now)
        case let .ack(write):
            // The commit already happened with the final checkpoint: the ack only lets go.
            leases[Int64(write.message.index)] = nil
            return []
        case let .nack(write, delay, _):
            guard let lease = held(write) else { return [] }
            leases[lease.id] = nil
            let seconds = clock.realSeconds(delay)
            _ = try statement { try await $0.nack(lease, delaySeconds: seconds) }
            return []
        default:
            preconditionFailure("a node does not send \(message.kind)")
        }
    }

    /// The lease a write is about, if the node still holds that epoch of it.
    private func held(_ write: FencedWrite) -> LeasedShard? {
        guard let lease = leases[Int64(write.message.index)], lease.epoch == Int64(write.token.value) else { return nil }
        return lease
    }

    private func reply(to write: FencedWrite, isFinal: Bool, _ outcome: WriteOutcome, sentAt: VirtualTime) -> WriteReply {
        if outcome == .fenced { leases[Int64(write.message.index)] = nil }
        // The database extended the lease from when it ran the statement, no earlier than
        // `sentAt`: counting from `sentAt` errs on the safe side.
        return WriteReply(answering: write, isFinal: isFinal,
                          outcome: outcome == .applied ? .accepted(deadline: sentAt + configuration.visibilityTimeout) : .stale)
    }

    // MARK: Pulls

    private func pull(_ request: PullRequest, since: VirtualTime) throws(LiveError) -> [NodeOutput] {
        let sentAt = clock.now
        let visibility = clock.realSeconds(configuration.visibilityTimeout)
        let identity = identity
        guard let leased = try statement({ try await $0.lease(for: identity, limit: request.want, visibilitySeconds: visibility) }) else {
            return []  // lost: the node's pull timer asks again
        }
        guard !leased.isEmpty || sentAt - since >= configuration.pullWait else {
            parked = ParkedPull(request: request, since: since, retryAt: sentAt + pollInterval)
            return []
        }
        parked = nil
        let grants = leased.map { lease -> LeaseGrant in
            leases[lease.id] = lease
            return LeaseGrant(message: MessageID(Int(lease.id)), task: Self.task(of: lease), token: FencingToken(UInt64(lease.epoch)),
                              deadline: sentAt + configuration.visibilityTimeout, attempt: lease.receiveCount,
                              resumeFrom: lease.workMicros > 0 ? Double(lease.progressMicros) / Double(lease.workMicros) : 0,
                              work: VirtualDuration(microseconds: lease.workMicros))
        }
        return machine.deliver(.leases(pullID: request.pullID, grants: grants, fenced: false), now: clock.now)
    }

    private func retryParkedPull() throws(LiveError) {
        guard let waiting = parked, clock.now >= waiting.retryAt else { return }
        parked = nil
        try process(pull(waiting.request, since: waiting.since))
    }

    private var pollInterval: VirtualDuration {
        VirtualDuration(microseconds: max(1, Int64(Double(Self.pollMilliseconds) * 1_000 * clock.scale)))
    }

    /// The simulation's handle on a shard; the live queue's shard ids are its message ids.
    static func task(of lease: LeasedShard) -> TaskRef {
        precondition(lease.id <= Int64(Int32.max) && lease.runID <= Int64(Int32.max), "shard and run ids fit 31 bits")
        return TaskRef(runSlot: Int(lease.runID), iteration: 0, shard: Int(lease.id))
    }

    // MARK: Heartbeats and orders

    private func beat(_ heartbeat: Heartbeat) throws(LiveError) -> [NodeOutput] {
        if heartbeat.incarnation != registeredIncarnation {
            // The node rejoined after being fenced: the database assigns the new incarnation.
            let name = identity.name, pid = Int(getpid()), host = Self.hostName()
            guard let joined = try statement({ try await $0.join(node: name, pid: pid, host: host) }) else { return [] }
            log("node \(identity) rejoined as #\(joined.incarnation)")
            identity = joined
            registeredIncarnation = heartbeat.incarnation
            reportedHealth = .healthy
        } else {
            let identity = identity
            guard let outcome = try statement({ try await $0.heartbeat(identity) }) else { return [] }
            if outcome == .fenced {
                log("node \(identity) was declared dead: fenced")
                leases.removeAll()
                parked = nil
                return machine.deliver(.rejoin(fencedIncarnation: heartbeat.incarnation), now: clock.now)
            }
        }
        if heartbeat.health != reportedHealth, heartbeat.health == .healthy || heartbeat.health == .draining {
            let identity = identity, draining = heartbeat.health == .draining
            guard try statement({ try await $0.setHealth(identity, draining: draining) }) != nil else { return [] }
            reportedHealth = heartbeat.health
        }
        return try obeyOrders()
    }

    private func obeyOrders() throws(LiveError) -> [NodeOutput] {
        let name = identity.name
        guard let requests = try statement({ try await $0.pendingControl(for: name) }) else { return [] }
        var outputs: [NodeOutput] = []
        for request in requests {
            guard try statement({ try await $0.markHandled(request.id) }) != nil else { break }
            switch request.action {
            case .drain: outputs += machine.deliver(.drain, now: clock.now)
            case .resume where exiting: break  // leaving: a resume does not undo SIGTERM
            case .resume: outputs += machine.deliver(.resume, now: clock.now)
            case .kill:
                log("node \(identity) killed by a control request")
                killRequested = true
                machine.kill()
                return []
            }
        }
        return outputs
    }

    // MARK: Events the node observes itself

    private func record(_ kind: EventKind, task: TaskRef?, detail: EventDetail) throws(LiveError) {
        let text: String
        switch detail {
        case let .ended(_, reason): text = reason
        case let .reason(reason): text = reason
        case let .incarnation(number): text = "incarnation \(number)"
        default: text = ""
        }
        let identity = identity
        let shard = task.map { Int64($0.shard) }
        let epoch = detail.token.map { Int64($0.value) }
        _ = try statement { try await $0.record(kind, node: identity, shard: shard, epoch: epoch, detail: text) }
    }

    // MARK: The connection

    /// Runs one statement; nil when it was lost (no connection, or the connection failed).
    private func statement<Value: Sendable>(_ body: @escaping @Sendable (LiveQueue) async throws -> Value) throws(LiveError) -> Value? {
        guard let queue else { return nil }
        do {
            let value = try LiveBlocking.run { try await body(queue) }
            failuresInARow = 0
            return value
        } catch {
            failuresInARow += 1
            let reason = LiveError.reason(error)
            guard failuresInARow < Self.failuresInARowLimit else {
                throw LiveError(.io, "\(failuresInARow) statements in a row failed against \(address): \(reason)")
            }
            lose(queue, reason: reason)
            return nil
        }
    }

    private func lose(_ queue: LiveQueue, reason: String) {
        log("node \(identity): database unreachable (\(reason)); reconnecting")
        LiveBlocking.finish { await queue.close() }
        self.queue = nil
        parked = nil
        let now = clock.now
        connectionLost = (since: connectionLost?.since ?? now, retryAt: now, backoffMilliseconds: 50, reason: reason)
    }

    private func reconnectIfDue() throws(LiveError) {
        guard var lost = connectionLost, clock.now >= lost.retryAt else { return }
        let address = address
        do {
            queue = try LiveBlocking.run { try await LiveQueue.connect(to: address) }
            connectionLost = nil
            let tenths = Int((clock.realSeconds(clock.now - lost.since) * 10).rounded())
            log("node \(identity): reconnected after \(tenths / 10).\(tenths % 10) s")
        } catch {
            lost.reason = LiveError.reason(error)
            guard clock.realSeconds(clock.now - lost.since) < Self.reconnectWindowSeconds else {
                throw LiveError(.io, "the database at \(address) stayed unreachable for \(Int(Self.reconnectWindowSeconds)) s: \(lost.reason)")
            }
            lost.retryAt = clock.now + VirtualDuration(microseconds: Int64(Double(lost.backoffMilliseconds) * 1_000 * clock.scale))
            lost.backoffMilliseconds = min(lost.backoffMilliseconds * 2, Self.maxBackoffMilliseconds)
            connectionLost = lost
        }
    }

    private static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
