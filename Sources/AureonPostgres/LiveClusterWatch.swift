import Foundation
import PostgresNIO

/// What a watch tells its console, in order.
public enum LiveWatchUpdate: Sendable, Equatable {
    case state(LiveClusterSnapshot)
    /// The connection was lost (or a read failed): reconnecting with backoff.
    case unreachable(reason: String)
    /// Back, with this many events that happened meanwhile read (or counted).
    case reconnected(caughtUp: Int)
    /// A control request reached the table.
    case requested(ControlAction, node: String, id: Int64)
    case requestFailed(ControlAction, node: String, reason: String)
}

/// Watches a live cluster for a console: reads it about every 250 ms on its own task and keeps
/// the results in a mailbox the console's (synchronous) loop empties each frame. A lost
/// connection is retried with backoff; the next read after `lastSeq` catches up. Control
/// requests the console asks for are sent from the same task, in order, once connected.
public final class LiveClusterWatch: @unchecked Sendable {
    public let address: DatabaseAddress
    /// Wall time between two reads.
    public static let pollInterval: Duration = .milliseconds(250)
    /// Reconnection backoff: doubling from the first to the last.
    static let backoff: (first: Duration, last: Duration) = (.milliseconds(100), .seconds(2))
    /// Updates kept until the console takes them; beyond it the oldest state reads are dropped.
    static let mailboxLimit = 256
    /// Control requests waiting for a connection at most; more are refused at once.
    static let pendingRequestLimit = 32

    private let lock = NSLock()
    private var updates: [LiveWatchUpdate] = []
    private var requests: [(ControlAction, String)] = []
    private var stopped = false
    private var firstQueue: LiveQueue?

    /// A watch over `address`; `queue`, when given, is an open connection to start with.
    public init(address: DatabaseAddress, connected queue: LiveQueue? = nil) {
        self.address = address
        firstQueue = queue
    }

    /// Everything that arrived since the last call, oldest first.
    public func takeUpdates() -> [LiveWatchUpdate] {
        lock.withLock {
            defer { updates.removeAll(keepingCapacity: true) }
            return updates
        }
    }

    /// Queues `action` for `node`; false when too many are already waiting.
    @discardableResult
    public func request(_ action: ControlAction, for node: String) -> Bool {
        lock.withLock {
            guard requests.count < Self.pendingRequestLimit else { return false }
            requests.append((action, node))
            return true
        }
    }

    /// Asks the loop to end; `run()` returns within one poll interval.
    public func stop() {
        lock.withLock { stopped = true }
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func publish(_ update: LiveWatchUpdate) {
        lock.withLock {
            if updates.count >= Self.mailboxLimit, let index = updates.firstIndex(where: { if case .state = $0 { true } else { false } }) {
                updates.remove(at: index)
            }
            updates.append(update)
        }
    }

    private func takeRequests() -> [(ControlAction, String)] {
        lock.withLock {
            defer { requests.removeAll() }
            return requests
        }
    }

    /// The watch's life: read, publish, wait; reconnect when the database goes away.
    public func run() async {
        var queue = lock.withLock { firstQueue }
        var lastSeq: Int64 = 0
        var lost = false
        var wait = Self.backoff.first
        while !isStopped {
            if queue == nil {
                do {
                    queue = try await LiveQueue.connect(to: address)
                } catch {
                    if !lost { publish(.unreachable(reason: LiveError.reason(error))) }
                    lost = true
                    try? await Task.sleep(for: wait)
                    wait = min(wait * 2, Self.backoff.last)
                    continue
                }
            }
            guard let connected = queue else { continue }
            do {
                for (action, node) in takeRequests() {
                    do {
                        publish(.requested(action, node: node, id: try await connected.request(action, for: node)))
                    } catch {
                        publish(.requestFailed(action, node: node, reason: LiveError.reason(error)))
                    }
                }
                let snapshot = try await LiveClusterReader(queue: connected).read(after: lastSeq)
                if lost {
                    lost = false
                    publish(.reconnected(caughtUp: snapshot.newEvents))
                }
                wait = Self.backoff.first
                lastSeq = snapshot.lastSeq
                publish(.state(snapshot))
            } catch {
                await connected.close()
                queue = nil
                if !lost { publish(.unreachable(reason: LiveError.reason(error))) }
                lost = true
                continue
            }
            try? await Task.sleep(for: Self.pollInterval)
        }
        await queue?.close()
    }
}
