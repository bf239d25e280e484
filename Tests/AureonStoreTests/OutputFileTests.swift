import AureonStore
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite struct OutputFileTests {
    @Test func aRegularFileIsReplacedOnlyOnCommit() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.path + "/out.txt"
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        let file = try OutputFile(path: path)
        #expect(file.kind == .atomicReplacement)
        file.write(String(repeating: "n", count: 3 * OutputFile.bufferCapacity))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old", "the old file stands until commit")
        try file.commit()
        #expect(try String(contentsOfFile: path, encoding: .utf8).count == 3 * OutputFile.bufferCapacity)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["out.txt"])
    }

    @Test func abandoningLeavesTheOldFileAndNoTemporary() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.path + "/out.txt"
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        let file = try OutputFile(path: path)
        let temporary = try #require(file.temporaryPath)
        #expect(FileManager.default.fileExists(atPath: temporary))
        file.write("new")
        file.abandon()
        #expect(!FileManager.default.fileExists(atPath: temporary))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
    }

    @Test func kindsFollowWhatIsAtThePath() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        #expect(try OutputFile(path: "-").kind == .standardStream)
        #expect(try OutputFile(path: "/dev/null").kind == .stream)
        let fifo = scratch.path + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        // Opened read-write here so that opening for writing does not wait for a reader.
        let keeper = open(fifo, O_RDWR)
        defer { close(keeper) }
        let stream = try OutputFile(path: fifo)
        #expect(stream.kind == .stream)
        stream.writeLine("hello")
        try stream.commit()
        var buffer = [UInt8](repeating: 0, count: 16)
        #expect(read(keeper, &buffer, 16) == 6)
        #expect(try OutputFile(path: scratch.path + "/new.txt").kind == .atomicReplacement)
    }

    @Test func aSymlinkChainIsFollowedToItsTarget() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try FileManager.default.createDirectory(atPath: scratch.path + "/sub", withIntermediateDirectories: false)
        #expect(symlink("sub/target.txt", scratch.path + "/one") == 0)
        #expect(symlink("one", scratch.path + "/two") == 0)
        try OutputFile.write("through", to: scratch.path + "/two")
        #expect(try String(contentsOfFile: scratch.path + "/sub/target.txt", encoding: .utf8) == "through")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: scratch.path + "/two") == "one")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/sub") == ["target.txt"])
    }

    @Test func aSymlinkLoopIsAnError() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        #expect(symlink("b", scratch.path + "/a") == 0)
        #expect(symlink("a", scratch.path + "/b") == 0)
        #expect(throws: FileIOError.self) { try OutputFile(path: scratch.path + "/a") }
    }

    @Test func aWriteErrorIsKeptAndReportedOnCommit() throws {
        let file = try OutputFile(path: "/dev/full")
        file.write(String(repeating: "x", count: OutputFile.bufferCapacity + 1))
        #expect(file.failure?.code == ENOSPC)
        #expect(throws: FileIOError(path: "/dev/full", "cannot write", code: ENOSPC)) { try file.commit() }
        #expect(FileIOError(path: "/dev/full", "cannot write", code: ENOSPC).description == "/dev/full: cannot write: No space left on device")
    }
}
