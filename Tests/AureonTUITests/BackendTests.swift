import Foundation
import Testing
@testable import AureonTUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Backends")
struct BackendTests {
    private func frame(_ text: String, width: Int = 10, height: Int = 3, style: CellStyle = .plain) -> CellBuffer {
        var buffer = CellBuffer(width: width, height: height)
        buffer.put(text, x: 0, y: 0, style: style)
        return buffer
    }

    @Test func memoryBackendPaintsOnlyChanges() {
        let backend = MemoryBackend(width: 10, height: 3)
        backend.draw(frame("hello"))
        #expect(backend.lastPaintedCount == 30)  // First frame: everything.
        backend.draw(frame("hello"))
        #expect(backend.lastPaintedCount == 0)  // Identical frame: nothing.
        backend.draw(frame("help!"))
        #expect(backend.lastPaintedCount == 2)  // "lo" → "p!".
        #expect(backend.screen.text() == "help!\n\n")
        backend.draw(frame("help!", style: CellStyle(attributes: .bold)))
        #expect(backend.lastPaintedCount == 5)  // Style-only change repaints those cells.
        backend.invalidate()
        backend.draw(frame("help!", style: CellStyle(attributes: .bold)))
        #expect(backend.lastPaintedCount == 30)
        #expect(backend.drawCount == 5)
    }

    @Test func memoryBackendResizeQueuesEventAndRepaintsAll() {
        let backend = MemoryBackend(width: 10, height: 3)
        backend.draw(frame("abc"))
        backend.resize(width: 1, height: 1)
        #expect(backend.pollInput(timeoutMilliseconds: 0) == .resize(width: 1, height: 1))
        #expect(backend.pollInput(timeoutMilliseconds: 0) == nil)
        backend.draw(frame("abc", width: 1, height: 1))
        #expect(backend.lastPaintedCount == 1)
        #expect(backend.screen.lines == ["a"])
        backend.resize(width: 10, height: 3)
        backend.draw(frame("abc"))
        #expect(backend.lastPaintedCount == 30)
    }

    @Test func memoryBackendQueuesInputAndRestoresOnce() {
        let backend = MemoryBackend(width: 4, height: 4)
        backend.enqueue(.key(.character("j")), .mouse(MouseEvent(.click, x: 1, y: 2)))
        #expect(backend.pollInput(timeoutMilliseconds: 100) == .key(.character("j")))
        #expect(backend.pollInput(timeoutMilliseconds: 100) == .mouse(MouseEvent(.click, x: 1, y: 2)))
        backend.restore()
        backend.restore()
        #expect(backend.restoreCount == 1)
    }

    @Test func memoryBackendResolvesStylesForItsCapability() {
        let backend = MemoryBackend(width: 3, height: 1, colorCapability: .none)
        var buffer = CellBuffer(width: 3, height: 1)
        buffer.put("x", x: 0, y: 0, style: Theme.fallback.style(.selection))
        backend.draw(buffer)
        #expect(backend.resolvedStyle(x: 0, y: 0).attributes == .reverse)
        #expect(backend.resolvedStyle(x: 0, y: 0).background == .default)
    }

    @Test func wideCharacterDiffIncludesLeadCell() {
        let backend = MemoryBackend(width: 4, height: 1)
        backend.draw(frame("ab", width: 4, height: 1))
        backend.draw(frame("界", width: 4, height: 1))
        #expect(backend.screen.lines == ["界  "])
        #expect(backend.lastPaintedCount == 1)  // The lead cell; its continuation is drawn by the terminal.
    }
}

#if os(Linux)
/// Drives the real ncurses backend on a pseudo-terminal, so the one type that
/// talks to ncurses is exercised without a human at a terminal.
@Suite("NcursesBackend on a pty", .serialized)
struct NcursesBackendTests {
    struct PTY {
        var master: Int32
        var slave: Int32

        init(width: Int, height: Int) throws {
            // posix_openpt/ptsname are hidden from Swift's Glibc module; use the
            // Linux ioctls they are built on.
            master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
            // _IOW/_IOR macros do not import; these are the asm-generic values (x86_64, arm64).
            let TIOCSPTLCK: UInt = 0x4004_5431
            let TIOCGPTN: UInt = 0x8004_5430
            var unlock: Int32 = 0
            var number: UInt32 = 0
            guard master >= 0, ioctl(master, TIOCSPTLCK, &unlock) == 0,
                  ioctl(master, TIOCGPTN, &number) == 0 else {
                throw TerminalError("no pty")
            }
            slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
            guard slave >= 0 else { throw TerminalError("no pty slave") }
            _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
            setSize(width: width, height: height)
        }

        func setSize(width: Int, height: Int) {
            var size = winsize(ws_row: UInt16(height), ws_col: UInt16(width), ws_xpixel: 0, ws_ypixel: 0)
            _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        }

        /// Everything the program wrote to the terminal so far.
        func drain() -> String {
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = read(master, &chunk, chunk.count)
                if n <= 0 { break }
                bytes.append(contentsOf: chunk[0..<n])
            }
            return String(decoding: bytes, as: UTF8.self)
        }

        func type(_ text: String) {
            _ = text.withCString { write(master, $0, strlen($0)) }
        }

        func close() {
            _ = Glibc.close(slave)
            _ = Glibc.close(master)
        }
    }

    /// Here, in the serialized suite: loading a terminfo entry sets ncurses' process-wide
    /// terminal, so it must not run beside a test that has a screen open (a crash seen in a
    /// full parallel run).
    /// Also checked before the screen is touched: a terminal that cannot address the cursor is named.
    @Test func terminalsThatCannotDrawAreNamed() {
        #expect(NcursesBackend.terminalProblem(environment: [:])?.hasPrefix("TERM is not set") == true)
        #expect(NcursesBackend.terminalProblem(environment: ["TERM": ""])?.hasPrefix("TERM is not set") == true)
        #expect(NcursesBackend.terminalProblem(environment: ["TERM": "dumb"])?.hasPrefix("TERM=dumb") == true)
        #expect(NcursesBackend.terminalProblem(environment: ["TERM": "no-such-terminal-type"])?.contains("not a terminal type") == true)
        #expect(NcursesBackend.terminalProblem(environment: ["TERM": "xterm-256color"]) == nil)
    }

    @Test func drawsReadsKeysResizesAndRestores() throws {
        let pty = try PTY(width: 20, height: 5)
        defer { pty.close() }
        let options = NcursesBackend.Options(
            environment: ["TERM": "xterm-256color"],
            inputFileDescriptor: pty.slave,
            outputFileDescriptor: pty.slave,
            installSignalHandlers: false
        )
        let backend = try NcursesBackend(options: options)
        defer { backend.restore() }
        #expect(throws: TerminalError.self) { _ = try NcursesBackend(options: options) }
        #expect(backend.size == TerminalSize(width: 20, height: 5))
        #expect(backend.colorCapability == .indexed256)

        var buffer = CellBuffer(width: 20, height: 5)
        buffer.put("hello ▸ ●", x: 1, y: 1, style: Theme.fallback.style(.healthHealthy))
        backend.draw(buffer)
        #expect(backend.lastPaintedCount == 100)
        let output = pty.drain()
        #expect(output.contains("hello"))
        #expect(output.contains("▸"))
        backend.draw(buffer)
        #expect(backend.lastPaintedCount == 0)

        pty.type("j")
        #expect(backend.pollInput(timeoutMilliseconds: 2000) == .key(.character("j")))
        pty.type("\u{1b}OA")  // xterm's cursor-up in keypad (application) mode, which ncurses enables.
        #expect(backend.pollInput(timeoutMilliseconds: 2000) == .key(.up))
        pty.type("\r")
        #expect(backend.pollInput(timeoutMilliseconds: 2000) == .key(.enter))
        #expect(backend.pollInput(timeoutMilliseconds: 0) == nil)

        // Shrink to 1×1 and back: ncurses reports KEY_RESIZE after SIGWINCH.
        for (w, h) in [(1, 1), (20, 5)] {
            pty.setSize(width: w, height: h)
            kill(getpid(), SIGWINCH)
            var event: InputEvent?
            for _ in 0..<20 where event == nil {
                event = backend.pollInput(timeoutMilliseconds: 100)
            }
            #expect(event == .resize(width: w, height: h))
            var frame = CellBuffer(width: w, height: h)
            frame.render(TooSmallNotice(requiredWidth: 80, requiredHeight: 24, actualWidth: w, actualHeight: h), in: frame.area)
            backend.draw(frame)
            // A stale, larger frame must not crash either.
            backend.draw(buffer)
            _ = pty.drain()
        }
        backend.restore()
        backend.restore()
        #expect(backend.pollInput(timeoutMilliseconds: 0) == nil)
        // After restore another backend may open.
        try NcursesBackend.withTerminal(options: options) { second in
            #expect(second.size.width > 0)
        }
        _ = pty.drain()
    }

    @Test func noColorMeansNoColourCapability() throws {
        let pty = try PTY(width: 10, height: 3)
        defer { pty.close() }
        let options = NcursesBackend.Options(
            environment: ["TERM": "xterm-256color", "NO_COLOR": "1"],
            inputFileDescriptor: pty.slave,
            outputFileDescriptor: pty.slave,
            installSignalHandlers: false
        )
        try NcursesBackend.withTerminal(options: options) { backend in
            #expect(backend.colorCapability == .none)
            var buffer = CellBuffer(width: 10, height: 3)
            buffer.put("sel", x: 0, y: 0, style: Theme.fallback.style(.selection))
            backend.draw(buffer)
            _ = pty.drain()
        }
    }
}
#endif
