#if canImport(Glibc)
import Glibc
#endif

/// The loopback proxy's listening sockets: bound to 127.0.0.1 with SO_REUSEADDR (so the port
/// can be bound again right after its listener closed), non-blocking, close-on-exec.
enum ProxySocket {
    struct Listener {
        let descriptor: Int32
        let port: UInt16
    }

    /// The backlog of connections not yet accepted.
    static let backlog: Int32 = 64

    /// A socket listening on `port` (0: one the kernel picks), and the port it got.
    static func listen(port: UInt16) throws(LiveError) -> Listener {
        let descriptor = try bind(port: port)
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0, Glibc.listen(descriptor, backlog) == 0 else {
            close(descriptor)
            throw LiveError(.io, "cannot listen on a loopback port for the proxy")
        }
        return Listener(descriptor: descriptor, port: UInt16(bigEndian: address.sin_port))
    }

    /// A socket bound to 127.0.0.1:`port`, not listening yet: connects to it are refused.
    static func bind(port: UInt16) throws(LiveError) -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw LiveError(.io, "cannot open a socket for the proxy") }
        var reuse: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            close(descriptor)
            throw LiveError(.io, "cannot bind the proxy to 127.0.0.1:\(port)")
        }
        return descriptor
    }

    /// A connection waiting on `listener`, non-blocking and close-on-exec from the start (a
    /// node started meanwhile must not inherit it: a cut would not end a connection it holds
    /// a copy of); -1 when none waits. `accept4` is a GNU extension Swift's Glibc module does
    /// not declare, so it is looked up once in the C library.
    static func accept(_ listener: Int32) -> Int32 {
        guard let accept4 else { return -1 }
        return accept4(listener, nil, nil, Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue))
    }

    /// Whether `accept` can work here (the C library has `accept4`).
    static var canAccept: Bool { accept4 != nil }

    private typealias Accept4 = @convention(c) (Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?, Int32) -> Int32
    private static let accept4: Accept4? = {
        guard let library = dlopen(nil, RTLD_NOW), let symbol = dlsym(library, "accept4") else { return nil }
        return unsafeBitCast(symbol, to: Accept4.self)
    }()

    /// The calling thread's kernel id, from /proc/thread-self ("PID/task/TID"); 0 if unknown.
    static func currentThreadID() -> pid_t {
        var link = [CChar](repeating: 0, count: 64)
        let length = readlink("/proc/thread-self", &link, link.count - 1)
        guard length > 0 else { return 0 }
        let path = String(decoding: link.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return path.split(separator: "/").last.flatMap { pid_t($0) } ?? 0
    }
}
