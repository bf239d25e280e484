#if canImport(Glibc)
import Glibc
#endif

/// One connection through the loopback proxy: the client's socket, the database's, and a
/// bounded buffer each way. Both sockets are non-blocking; the forwarding thread alone uses it.
final class ProxyConnection {
    let client: Int32
    let upstream: Int32
    private var towardDatabase: [UInt8] = []
    private var towardClient: [UInt8] = []

    init(client: Int32, upstream: Int32) {
        self.client = client
        self.upstream = upstream
    }

    /// What to poll for: reading a side while its buffer has room, writing one with bytes waiting.
    func pollRequests() -> [pollfd] {
        [pollfd(fd: client, events: Self.events(reading: towardDatabase, writing: towardClient), revents: 0),
         pollfd(fd: upstream, events: Self.events(reading: towardClient, writing: towardDatabase), revents: 0)]
    }

    /// Moves what the poll found ready; false once either side ended or failed (the caller
    /// closes both). What was read before an end is still passed on first.
    func transfer(client clientEvents: Int16, upstream upstreamEvents: Int16) -> Bool {
        var open = true
        if clientEvents != 0 { open = Self.receive(client, into: &towardDatabase) && open }
        if upstreamEvents != 0 { open = Self.receive(upstream, into: &towardClient) && open }
        open = Self.send(&towardDatabase, to: upstream) && open
        open = Self.send(&towardClient, to: client) && open
        return open
    }

    private static func events(reading buffer: [UInt8], writing pending: [UInt8]) -> Int16 {
        Int16(buffer.count < LoopbackProxy.bufferBytes ? POLLIN : 0) | Int16(pending.isEmpty ? 0 : POLLOUT)
    }

    /// One read, at most the buffer's room; false at end of stream or on an error.
    private static func receive(_ descriptor: Int32, into buffer: inout [UInt8]) -> Bool {
        let room = LoopbackProxy.bufferBytes - buffer.count
        guard room > 0 else { return true }
        var chunk = [UInt8](repeating: 0, count: room)
        let count = recv(descriptor, &chunk, room, 0)
        if count > 0 {
            buffer += chunk.prefix(count)
            return true
        }
        return count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
    }

    /// Writes what the socket takes now; false when it failed.
    private static func send(_ buffer: inout [UInt8], to descriptor: Int32) -> Bool {
        guard !buffer.isEmpty else { return true }
        let count = buffer.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if count > 0 {
            buffer.removeFirst(count)
            return true
        }
        return count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
    }
}
