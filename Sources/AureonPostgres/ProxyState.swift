import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The proxy's state: the requests (under `control`), and what only the forwarding thread
/// touches (listener, reservation, connections).
final class ProxyState: @unchecked Sendable {
    /// What the forwarding thread is asked to be.
    enum Mode: Sendable {
        case open, cut, stopped
    }

    private let target: sockaddr_in
    private let port: UInt16
    private let wake: (read: Int32, write: Int32)
    private let control = NSCondition()
    // Under `control`:
    private var wanted = Mode.open
    private var requested = 0
    private var handled = 0
    private var failure: LiveError?
    private var tid: pid_t = 0
    private var held: Set<Int32> = []
    // The forwarding thread's own:
    private var listener: Int32
    /// While cut: a socket bound to the port but not listening, keeping the port ours.
    private var reservation: Int32 = -1
    private var connections: [ProxyConnection] = []
    private var mode = Mode.open

    init(target: sockaddr_in, listener: Int32, port: UInt16, wake: (read: Int32, write: Int32)) {
        self.target = target
        self.listener = listener
        self.port = port
        self.wake = wake
        held = [listener, wake.read, wake.write]
    }

    var threadID: pid_t { control.withLock { tid } }
    var heldDescriptors: [Int32] { control.withLock { held.sorted() } }

    /// Asks the thread to be `mode` and waits until it is; returns a failure to heal.
    func request(_ mode: Mode) -> LiveError? {
        control.lock()
        defer { control.unlock() }
        wanted = mode
        requested += 1
        let ticket = requested
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
        while handled < ticket { control.wait() }
        return failure
    }

    /// The forwarding loop: until asked to stop (a server's whole life, no other bound).
    func forward() {
        let thread = ProxySocket.currentThreadID()
        control.withLock { tid = thread }
        while mode != .stopped {
            var polled = [pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
            for connection in connections { polled += connection.pollRequests() }
            if listener >= 0 { polled.append(pollfd(fd: listener, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&polled, nfds_t(polled.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            // A request may close what was polled: carry it out, then poll afresh.
            if polled[0].revents != 0 {
                takeRequest()
                continue
            }
            var kept: [ProxyConnection] = []
            for (index, connection) in connections.enumerated() {
                if connection.transfer(client: polled[1 + 2 * index].revents, upstream: polled[2 + 2 * index].revents) {
                    kept.append(connection)
                } else {
                    release(connection)
                }
            }
            connections = kept
            if listener >= 0, polled[polled.count - 1].revents != 0 { accept() }
        }
        closeForwarding()
        // Whatever ended the loop, no request waits for ever now.
        control.withLock {
            handled = .max
            control.broadcast()
        }
    }

    private func takeRequest() {
        var bytes = [UInt8](repeating: 0, count: 64)
        while read(wake.read, &bytes, bytes.count) > 0 {}
        let (wanted, ticket) = control.withLock { (self.wanted, requested) }
        var failure: LiveError?
        switch wanted {
        case .cut where mode == .open:
            closeForwarding()
            if let reserved = try? ProxySocket.bind(port: port) { reservation = track(reserved) }
        case .open where mode == .cut:
            do throws(LiveError) {
                if reservation < 0 { reservation = track(try ProxySocket.bind(port: port)) }
                guard Glibc.listen(reservation, ProxySocket.backlog) == 0 else { throw LiveError(.io, "cannot listen on port \(port) again") }
                listener = reservation
                reservation = -1
            } catch {
                failure = error
            }
        default:
            break
        }
        mode = failure == nil ? wanted : mode
        control.withLock {
            self.failure = failure
            handled = ticket
            control.broadcast()
        }
    }

    private func accept() {
        for _ in 0..<LoopbackProxy.connectionLimit {
            let client = ProxySocket.accept(listener)
            guard client >= 0 else { return }
            guard connections.count < LoopbackProxy.connectionLimit, let upstream = connectUpstream() else {
                close(client)
                continue
            }
            connections.append(ProxyConnection(client: track(client), upstream: track(upstream)))
        }
    }

    /// A blocking connect (the database is on this machine), then non-blocking like the rest.
    private func connectUpstream() -> Int32? {
        let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard upstream >= 0 else { return nil }
        var address = target
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0, fcntl(upstream, F_SETFL, fcntl(upstream, F_GETFL) | O_NONBLOCK) == 0 else {
            close(upstream)
            return nil
        }
        return upstream
    }

    /// Closes the listener, the reservation and every connection (the wake pipe stays).
    private func closeForwarding() {
        for connection in connections { release(connection) }
        connections.removeAll()
        for descriptor in [listener, reservation] where descriptor >= 0 { untrack(descriptor) }
        listener = -1
        reservation = -1
    }

    /// After a failed start, from the thread that made it: nothing else runs.
    func closeEverything() {
        closeForwarding()
        closeWake()
    }

    func closeWake() {
        untrack(wake.read)
        untrack(wake.write)
    }

    private func release(_ connection: ProxyConnection) {
        untrack(connection.client)
        untrack(connection.upstream)
    }

    private func track(_ descriptor: Int32) -> Int32 {
        control.withLock { _ = held.insert(descriptor) }
        return descriptor
    }

    private func untrack(_ descriptor: Int32) {
        control.withLock {
            guard held.remove(descriptor) != nil else { return }
            close(descriptor)
        }
    }
}
