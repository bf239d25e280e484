import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Output flags never destroy what sits at the path: FIFOs and devices are written in place,
/// `-` is standard output, symlinks are written through, regular files are replaced atomically.
@Suite struct OutputPathTests {
    static let small = ["simulate", "--nodes", "3", "--items", "30", "--shard-size", "5", "--json"]

    @Test func eventsToAFIFOReachTheReaderAndTheFIFOStays() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fifo = directory.appendingPathComponent("events.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // Another process reads the FIFO to its end and copies it to a file.
        let copy = directory.appendingPathComponent("copy.jsonl").path
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/sh")
        reader.arguments = ["-c", "cat \"$0\" > \"$1\"", fifo, copy]
        try reader.run()
        let result = try CLI.run(Self.small + ["--events", fifo])
        reader.waitUntilExit()
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try String(contentsOfFile: copy, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == (try CLI.summary(result))["events_recorded"] as? Int)
        var status = stat()
        #expect(lstat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO, "still a FIFO")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["copy.jsonl", "events.fifo"])
    }

    @Test(arguments: ["-", "/dev/stdout"])
    func eventsStreamToStandardOutput(path: String) throws {
        let result = try CLI.run(["simulate", "--nodes", "3", "--items", "30", "--shard-size", "5", "--events", path])
        #expect(result.status == 0, "\(result.stderr)")
        let eventLines = result.stdout.split(separator: "\n").filter { $0.hasPrefix("{\"t_us\":") }
        #expect(eventLines.count > 50)
        #expect(eventLines.contains { $0.contains("\"kind\":\"task_committed\"") })
        var status = stat()
        #expect(lstat("/dev/stdout", &status) == 0 && status.st_mode & S_IFMT == S_IFLNK, "/dev/stdout is still a symlink")
    }

    @Test func eventsToDevNullLeaveItADevice() throws {
        let result = try CLI.run(Self.small + ["--events", "/dev/null"])
        #expect(result.status == 0, "\(result.stderr)")
        var status = stat()
        #expect(stat("/dev/null", &status) == 0 && status.st_mode & S_IFMT == S_IFCHR)
    }

    @Test func aSymlinkIsWrittenThroughNotReplaced() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let real = directory.appendingPathComponent("real.jsonl")
        try "old\n".write(to: real, atomically: false, encoding: .utf8)
        let link = directory.appendingPathComponent("link.jsonl").path
        #expect(symlink("real.jsonl", link) == 0)
        let dangling = directory.appendingPathComponent("dangling.jsonl").path
        #expect(symlink("later.jsonl", dangling) == 0)

        let result = try CLI.run(Self.small + ["--events", link, "--record", dangling])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.jsonl")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dangling) == "later.jsonl")
        let events = try String(contentsOf: real, encoding: .utf8).split(separator: "\n")
        #expect(events.count == (try CLI.summary(result))["events_recorded"] as? Int)
        let recording = try String(contentsOf: directory.appendingPathComponent("later.jsonl"), encoding: .utf8)
        #expect(recording.hasPrefix("{\"format\":"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
            == ["dangling.jsonl", "later.jsonl", "link.jsonl", "real.jsonl"], "no temporary file left")
    }

    @Test func aReplacedFileKeepsItsPermissions() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("events.jsonl").path
        #expect(FileManager.default.createFile(atPath: file, contents: Data("old\n".utf8), attributes: [.posixPermissions: 0o640]))
        let result = try CLI.run(Self.small + ["--events", file])
        #expect(result.status == 0, "\(result.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? Int) == 0o640)
        #expect(try String(contentsOfFile: file, encoding: .utf8) != "old\n")
    }

    @Test(arguments: ["--events", "--record"])
    func anEmptyPathIsRefusedNamingTheFlag(flag: String) throws {
        let result = try CLI.run(Self.small + [flag, ""])
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("\(flag): empty path"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    /// Without a terminal `aureon demo NAME` runs headless; `--record` goes through the same door.
    @Test func aDemoRecordsWhenAsked() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let recording = directory.appendingPathComponent("calm.jsonl").path
        let played = try CLI.run(["demo", "calm", "--record", recording])
        #expect(played.status == 0, "\(played.stderr)")
        let replayed = try CLI.run(["replay", recording])
        #expect(replayed.status == 0, "\(replayed.stdout)\(replayed.stderr)")
        let empty = try CLI.run(["demo", "calm", "--record", ""])
        #expect(empty.status == 2 && empty.stderr.contains("--record: empty path"), "\(empty.stderr)")
    }

    @Test func ioErrorsExitThreeInPlainWords() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cases: [(path: String, words: String)] = [
            ("/dev/full", "/dev/full: cannot write: No space left on device"),
            (directory.appendingPathComponent("missing/events.jsonl").path, "missing/events.jsonl: cannot create: No such file or directory"),
            (directory.path, "\(directory.path): cannot write: Is a directory"),
        ]
        for (path, words) in cases {
            let result = try CLI.run(Self.small + ["--events", path])
            #expect(result.status == 3, "\(path): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            #expect(result.stderr.contains(words), "\(result.stderr)")
            #expect(!result.stderr.contains("NSCocoaErrorDomain"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, "nothing half-written")
    }

    /// kill -9 while the new file is being written leaves the old file whole; a run to the end
    /// leaves the complete new one. Never a mix, never a truncated file.
    @Test func killedMidWriteLeavesTheOldFileOrTheCompleteNewOne() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let events = directory.appendingPathComponent("events.jsonl")
        let recording = directory.appendingPathComponent("run.jsonl")
        let old = "the old file\n"
        try old.write(to: events, atomically: false, encoding: .utf8)
        try old.write(to: recording, atomically: false, encoding: .utf8)
        let arguments = ["simulate", "--nodes", "40", "--items", "400000", "--shard-size", "50", "--events", events.path,
                         "--record", recording.path, "--json"]

        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the temporary events file has grown past a few buffers, then kill -9.
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        var sawTemporary = false
        // OutputFile names its temporary `.NAME.PID-N.tmp`; the events file is the first one opened.
        let temporary = directory.appendingPathComponent(".events.jsonl.\(process.processIdentifier)-1.tmp").path
        while clock.now < deadline, process.isRunning {
            var status = stat()
            if stat(temporary, &status) == 0, status.st_size > 4 * 65_536 {
                sawTemporary = true
                break
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(sawTemporary, "the run should still be writing when killed")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(try String(contentsOf: events, encoding: .utf8) == old)
        #expect(try String(contentsOf: recording, encoding: .utf8) == old)

        let finished = try CLI.run(["simulate", "--nodes", "3", "--items", "30", "--shard-size", "5", "--events", events.path,
                                    "--record", recording.path, "--json"])
        #expect(finished.status == 0, "\(finished.stderr)")
        let lines = try String(contentsOf: events, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == (try CLI.summary(finished))["events_recorded"] as? Int)
        #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil }, "every line complete")
        let replay = try CLI.run(["replay", recording.path])
        #expect(replay.status == 0, "the recording is complete: \(replay.stdout)\(replay.stderr)")
    }
}
