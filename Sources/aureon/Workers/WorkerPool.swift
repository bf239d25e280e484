import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs requests in worker processes of this same binary, one request per line, and hands
/// the replies back in request order.
///
/// Processes rather than threads: the simulation is single-threaded by construction and each
/// worker gets a whole address space of its own (no shared allocator, no locks), and a worker
/// that crashes takes only itself down, so the pool can say which request killed it.
///
/// The protocol is lines on pipes. The pool writes one request line to a worker's stdin; the
/// worker answers with any number of non-empty reply lines on its stdout, written as each is
/// ready, then one empty line that ends the reply (``WorkerService`` is the worker's side).
/// The next request goes to whichever worker is free first, so the assignment depends on
/// timing — but the requests themselves are fixed by the caller and the replies are delivered
/// strictly in request order, so what the caller sees never depends on the number of workers.
/// A worker's stderr is the pool's own (a crash report reaches the terminal).
///
/// Used by `aureon fuzz --jobs N`; written to be reused by any command that splits its work
/// into independent, deterministic requests (e.g. `aureon explore --jobs N`).
struct WorkerPool {
    /// What went wrong. Each description is one line.
    enum Failure: Error, CustomStringConvertible {
        /// The worker process could not be created (no pipe, no process).
        case cannotStart(label: String, worker: Int, reason: String)
        /// A worker ended (crashed, was killed, or exited) while a request was in flight, or
        /// unasked. `repliedLines` is how many reply lines it had sent for `request`.
        case died(label: String, worker: Int, pid: pid_t, ending: String, request: Int?, repliedLines: Int)
        /// A worker wrote something that is not a reply line.
        case brokenProtocol(label: String, worker: Int, pid: pid_t, detail: String)

        var description: String {
            switch self {
            case let .cannotStart(label, worker, reason):
                "could not start \(label) \(worker): \(reason)"
            case let .died(label, worker, pid, ending, request, _):
                "\(label) \(worker) (pid \(pid)) \(ending)" + (request.map { " during request \($0)" } ?? "")
            case let .brokenProtocol(label, worker, pid, detail):
                "\(label) \(worker) (pid \(pid)) broke the reply protocol: \(detail)"
            }
        }
    }

    /// Most workers a pool starts: far above any core count we run on, and a bound on the file
    /// descriptors (two per worker) the pool holds.
    static let maximumWorkers = 256
    /// How far (in requests) the pool may run ahead of the oldest reply not yet delivered, per
    /// worker: replies that arrive early wait in memory, and this bounds how many.
    static let reorderWindowPerWorker = 8
    /// Longest reply line accepted, in bytes: replies are short records; a longer one means the
    /// worker is writing something else to its stdout.
    static let maximumLineBytes = 1 << 20
    /// Bytes read from a worker's pipe at a time.
    fileprivate static let readChunkBytes = 64 * 1024

    /// Names workers in messages ("fuzz worker 2").
    let label: String
    /// The worker's command line after the executable (its hidden subcommand and flags).
    let arguments: [String]
    /// How many worker processes to start (at most one per request).
    let workers: Int

    /// This binary, as the kernel knows it: a worker runs exactly the code of its parent, even
    /// if the file on disk was replaced or removed since.
    static var executable: String {
        #if os(Linux)
        return "/proc/self/exe"
        #else
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
        #endif
    }

    /// The number of online cores: the default number of workers.
    static var onlineCores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Sends requests `0..<requestCount` (`request(i)` is one line, without a newline) to the
    /// workers, and calls `deliver(i, replyLines)` for each in order of `i`, as soon as every
    /// earlier request has been delivered. Every worker has been reaped when this returns or
    /// throws: on any failure the remaining workers are killed, never left running.
    func run(requestCount: Int, request: (Int) -> String, deliver: (Int, [String]) throws -> Void) throws {
        precondition((1...Self.maximumWorkers).contains(workers), "workers out of range")
        guard requestCount > 0 else { return }
        // A write to a worker that has just died must be an error we report, not SIGPIPE.
        let previousPipeHandler = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previousPipeHandler) }

        var pool: [Worker] = []
        defer { for index in pool.indices { pool[index].terminate() } }
        for number in 1...min(workers, requestCount) {
            pool.append(try Worker.start(label: label, number: number, arguments: arguments))
        }

        let window = Self.reorderWindowPerWorker * pool.count
        var nextRequest = 0
        var nextDelivery = 0
        var early: [Int: [String]] = [:]
        func assignIdle() throws {
            for index in pool.indices where pool[index].inFlight == nil && pool[index].isOpen {
                guard nextRequest < requestCount, nextRequest < nextDelivery + window else { break }
                try pool[index].send(request(nextRequest), as: nextRequest)
                nextRequest += 1
            }
        }
        try assignIdle()
        while nextDelivery < requestCount {
            var descriptors = pool.map { pollfd(fd: $0.isOpen ? $0.output : -1, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&descriptors, nfds_t(descriptors.count), -1)
            if ready < 0 {
                guard errno == EINTR else { throw Failure.cannotStart(label: label, worker: 0, reason: "poll: \(String(cString: strerror(errno)))") }
                continue
            }
            for index in pool.indices where descriptors[index].revents != 0 {
                for (finished, lines) in try pool[index].readReplies() { early[finished] = lines }
            }
            while let lines = early.removeValue(forKey: nextDelivery) {
                try deliver(nextDelivery, lines)
                nextDelivery += 1
            }
            try assignIdle()
        }
        // Every reply is in: close the workers' input, and each must exit cleanly.
        for index in pool.indices { try pool[index].finish() }
    }
}

/// One worker process and the pool's two ends of its pipes.
private struct Worker {
    let label: String
    let number: Int
    let pid: pid_t
    /// The write end of the worker's stdin.
    private(set) var input: Int32
    /// The read end of the worker's stdout (-1 once closed).
    private(set) var output: Int32
    /// The request the worker is answering, if any.
    private(set) var inFlight: Int?
    /// The reply lines received so far for ``inFlight``.
    private var lines: [String] = []
    /// Bytes received after the last complete line.
    private var partial: [UInt8] = []
    private var reaped = false

    var isOpen: Bool { output >= 0 }

    static func start(label: String, number: Int, arguments: [String]) throws -> Worker {
        func failure(_ what: String, _ code: Int32) -> WorkerPool.Failure {
            .cannotStart(label: label, worker: number, reason: "\(what): \(String(cString: strerror(code)))")
        }
        // Close-on-exec on every end, so that no worker inherits another's pipes (an inherited
        // write end would keep a dead worker's stdout from ever reaching end-of-file).
        // (`pipe2` is not in Glibc's Swift overlay; the pool runs on one thread, so setting the
        // flag just after `pipe` races with no other spawn.)
        var toWorker: [Int32] = [-1, -1], fromWorker: [Int32] = [-1, -1]
        guard pipe(&toWorker) == 0 else { throw failure("pipe", errno) }
        guard pipe(&fromWorker) == 0 else {
            let code = errno
            close(toWorker[0]); close(toWorker[1])
            throw failure("pipe", code)
        }
        for end in toWorker + fromWorker { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on the worker's own stdin and stdout.
        posix_spawn_file_actions_adddup2(&actions, toWorker[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromWorker[1], 1)
        let argv = (["aureon"] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, WorkerPool.executable, &actions, nil, argv, environ)
        close(toWorker[0])
        close(fromWorker[1])
        guard spawned == 0 else {
            close(toWorker[1]); close(fromWorker[0])
            throw failure("spawn \(WorkerPool.executable)", spawned)
        }
        return Worker(label: label, number: number, pid: pid, input: toWorker[1], output: fromWorker[0])
    }

    /// Hands the worker one request.
    mutating func send(_ request: String, as index: Int) throws {
        precondition(inFlight == nil, "one request at a time per worker")
        inFlight = index
        lines = []
        let bytes = Array((request + "\n").utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
            if result < 0 {
                if errno == EINTR { continue }
                // The worker is gone (EPIPE): its stdout's end-of-file says how it ended.
                return
            }
            written += result
        }
    }

    /// Reads what is available; returns the requests whose replies completed.
    mutating func readReplies() throws -> [(Int, [String])] {
        var buffer = [UInt8](repeating: 0, count: WorkerPool.readChunkBytes)
        var count: Int
        repeat { count = read(output, &buffer, buffer.count) } while count < 0 && errno == EINTR
        guard count > 0 else {
            close(output)
            output = -1
            throw ended()
        }
        var finished: [(Int, [String])] = []
        var start = 0
        for position in 0..<count where buffer[position] == UInt8(ascii: "\n") {
            partial.append(contentsOf: buffer[start..<position])
            start = position + 1
            let line = String(decoding: partial, as: UTF8.self)
            partial.removeAll(keepingCapacity: true)
            guard let request = inFlight else { throw brokenProtocol("a reply line with no request in flight") }
            if line.isEmpty {
                finished.append((request, lines))
                lines = []
                inFlight = nil
            } else {
                lines.append(line)
            }
        }
        partial.append(contentsOf: buffer[start..<count])
        guard partial.count <= WorkerPool.maximumLineBytes else { throw brokenProtocol("a reply line longer than \(WorkerPool.maximumLineBytes) bytes") }
        return finished
    }

    /// Closes the worker's input (it exits at end-of-file) and reaps it; it must exit with 0.
    mutating func finish() throws {
        close(input)
        input = -1
        let status = reap()
        if output >= 0 { close(output); output = -1 }
        guard status == 0 else {
            throw WorkerPool.Failure.died(label: label, worker: number, pid: pid, ending: Self.describe(status), request: nil, repliedLines: 0)
        }
    }

    /// Kills and reaps the worker if it is still there (the pool is failing or done).
    mutating func terminate() {
        if input >= 0 { close(input); input = -1 }
        if output >= 0 { close(output); output = -1 }
        guard !reaped else { return }
        kill(pid, SIGKILL)
        _ = reap()
    }

    /// The worker's stdout ended: it is gone; say how, and in which request.
    private mutating func ended() -> WorkerPool.Failure {
        if input >= 0 { close(input); input = -1 }
        let status = reap()
        return .died(label: label, worker: number, pid: pid, ending: Self.describe(status), request: inFlight, repliedLines: lines.count)
    }

    private mutating func brokenProtocol(_ detail: String) -> WorkerPool.Failure {
        .brokenProtocol(label: label, worker: number, pid: pid, detail: detail)
    }

    /// Waits for the worker to end; its raw wait status.
    private mutating func reap() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { break }
        }
        reaped = true
        return status
    }

    /// "was killed by signal 9 (Killed)", "exited with status 3".
    static func describe(_ status: Int32) -> String {
        let signal = status & 0x7F
        guard signal != 0 else { return "exited with status \((status >> 8) & 0xFF)" }
        let name = strsignal(signal).map { String(cString: $0) } ?? "unknown signal"
        return "was killed by signal \(signal) (\(name))"
    }
}
