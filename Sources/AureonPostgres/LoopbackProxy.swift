import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TCP forwarder on a free loopback port to a database on this machine, so one node's
/// connections can be partitioned from the database while every other process keeps its own:
/// `cut()` closes every connection through the proxy and refuses new ones (nothing listens on
/// its port, so a connect is refused at once) until `heal()`.
///
/// One thread forwards with `poll`; it alone opens and closes the proxy's descriptors, so
/// `cut`, `heal` and `stop` are requests it carries out while the caller waits (closing a
/// descriptor under another thread's `poll` could close a number reused meanwhile).
/// Connections are bounded by `connectionLimit` (more are closed as they arrive), each direction's
/// buffer by `bufferBytes` (a full buffer stops reading that side until the other drains it).
public final class LoopbackProxy: @unchecked Sendable {
    /// Where to connect to reach the database through the proxy.
    public let address: DatabaseAddress
    /// The most connections forwarded at once.
    public static let connectionLimit = 64
    /// The bytes buffered per connection and direction.
    static let bufferBytes = 64 * 1024

    private let state: ProxyState
    private var thread: pthread_t?

    /// Listens on a free loopback port and forwards to `database`, which must be on this
    /// machine (an IPv4 address or `localhost`): its connects are made on the forwarding thread.
    public init(forwardingTo database: DatabaseAddress) throws(LiveError) {
        let host = database.host == "localhost" ? "127.0.0.1" : database.host
        var target = sockaddr_in()
        target.sin_family = sa_family_t(AF_INET)
        target.sin_port = in_port_t(UInt16(clamping: database.port)).bigEndian
        guard inet_pton(AF_INET, host, &target.sin_addr) == 1 else {
            throw LiveError(.input, "the loopback proxy forwards to an IPv4 address on this machine, not '\(database.host.prefix(80))'")
        }
        guard ProxySocket.canAccept else { throw LiveError(.io, "the C library has no accept4: the loopback proxy needs Linux") }
        // A socket pair, not a pipe: it is made close-on-exec and non-blocking from the start.
        var wake: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue | SOCK_NONBLOCK.rawValue), 0, &wake) == 0 else {
            throw LiveError(.io, "cannot create the proxy's wake-up channel")
        }
        let listener: ProxySocket.Listener
        do throws(LiveError) {
            listener = try ProxySocket.listen(port: 0)
        } catch {
            close(wake[0])
            close(wake[1])
            throw error
        }
        state = ProxyState(target: target, listener: listener.descriptor, port: listener.port, wake: (wake[0], wake[1]))
        address = DatabaseAddress(host: "127.0.0.1", port: Int(listener.port), user: database.user,
                                  password: database.password, database: database.database)
        let box = Unmanaged.passRetained(state).toOpaque()
        var started = pthread_t()
        let status = pthread_create(&started, nil, { raw in
            let state = Unmanaged<ProxyState>.fromOpaque(raw!).takeRetainedValue()
            state.forward()
            return nil
        }, box)
        guard status == 0 else {
            Unmanaged<ProxyState>.fromOpaque(box).release()
            state.closeEverything()
            throw LiveError(.io, "cannot start the proxy's thread: \(String(cString: strerror(status)))")
        }
        thread = started
    }

    deinit { stop() }

    /// Closes every connection through the proxy and refuses new ones until `heal()`.
    public func cut() {
        _ = state.request(.cut)
    }

    /// Accepts connections again after `cut()`; throws `.io` when the port was taken meanwhile.
    public func heal() throws(LiveError) {
        if let failure = state.request(.open) { throw failure }
    }

    /// Closes every connection and the port, and ends the thread; returns once it has. Idempotent.
    public func stop() {
        guard let running = thread else { return }
        thread = nil
        _ = state.request(.stopped)
        pthread_join(running, nil)
        state.closeWake()
    }

    /// The forwarding thread's kernel id (0 before it ran), so tests can check it is gone.
    var threadID: pid_t { state.threadID }

    /// The descriptors the proxy holds right now, so tests can check none is left.
    var heldDescriptors: [Int32] { state.heldDescriptors }
}
