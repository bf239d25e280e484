import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `--checkpoint-dir`: a mirror of what the simulation committed, claimed by one run.
@Suite struct CheckpointDirectoryTests {
    static let run = ["simulate", "--nodes", "4", "--concurrency", "2", "--items", "60", "--shard-size", "5", "--json"]

    /// The checkpoint files (not the manifest) under `directory`.
    static func checkpointFiles(in directory: URL) throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("task-") && $0.hasSuffix(".json") }.sorted()
    }

    static func traceHash(_ result: CLI.Result) throws -> String {
        try #require(try CLI.summary(result)["trace_hash"] as? String)
    }

    @Test func theDiskNeverChangesTheHistory() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let without = try CLI.run(Self.run + ["--seed", "3"])
        let with = try CLI.run(Self.run + ["--seed", "3", "--checkpoint-dir", directory.appendingPathComponent("cp").path])
        #expect(with.status == 0, "\(with.stderr)")
        #expect(try Self.traceHash(with) == Self.traceHash(without))
        #expect(try !Self.checkpointFiles(in: directory.appendingPathComponent("cp")).isEmpty)
    }

    @Test func anotherSeedIsRefusedUnlessReset() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("cp")
        #expect(try CLI.run(Self.run + ["--seed", "1", "--checkpoint-dir", store.path]).status == 0)
        let first = try Self.checkpointFiles(in: store)
        let manifest = try String(contentsOf: store.appendingPathComponent("aureon-checkpoints.json"), encoding: .utf8)
        #expect(manifest.contains("\"seed\":1"))

        let refused = try CLI.run(Self.run + ["--seed", "2", "--checkpoint-dir", store.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains(store.path) && refused.stderr.contains("another run (seed 1"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--checkpoint-dir-reset"))
        #expect(refused.stdout.isEmpty)
        #expect(try Self.checkpointFiles(in: store) == first, "nothing changed")

        let reset = try CLI.run(Self.run + ["--seed", "2", "--checkpoint-dir", store.path, "--checkpoint-dir-reset"])
        #expect(reset.status == 0, "\(reset.stderr)")
        let fresh = directory.appendingPathComponent("fresh")
        #expect(try CLI.run(Self.run + ["--seed", "2", "--checkpoint-dir", fresh.path]).status == 0)
        #expect(try Self.checkpointFiles(in: store) == Self.checkpointFiles(in: fresh), "only the new run's checkpoints")
        #expect(try String(contentsOf: store.appendingPathComponent("aureon-checkpoints.json"), encoding: .utf8).contains("\"seed\":2"))
    }

    @Test func theSameRunResumesCleanly() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("cp")
        let first = try CLI.run(Self.run + ["--checkpoint-dir", store.path])
        #expect(first.status == 0, "\(first.stderr)")
        let files = try Self.checkpointFiles(in: store)
        // What a kill -9 leaves: temporaries beside the manifest and in a task folder.
        let folder = try #require(files.first).split(separator: "/").first.map(String.init) ?? ""
        let leftovers = [".aureon-checkpoints.json.999-1.tmp", "\(folder)/.00000000000000000001.json.999-2.tmp"]
        for leftover in leftovers { try "partial".write(to: store.appendingPathComponent(leftover), atomically: false, encoding: .utf8) }

        let again = try CLI.run(Self.run + ["--checkpoint-dir", store.path])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Self.traceHash(again) == Self.traceHash(first))
        #expect(try Self.checkpointFiles(in: store) == files, "the same checkpoints, not two runs' worth")
        for leftover in leftovers { #expect(!FileManager.default.fileExists(atPath: store.appendingPathComponent(leftover).path), "\(leftover)") }
    }

    @Test func aDirectoryThatIsNotOursIsNeverTouched() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "mine".write(to: directory.appendingPathComponent("notes.txt"), atomically: false, encoding: .utf8)
        for extra in [[], ["--checkpoint-dir-reset"]] {
            let result = try CLI.run(Self.run + ["--checkpoint-dir", directory.path] + extra)
            #expect(result.status == 2)
            #expect(result.stderr.contains("not an aureon checkpoint directory") && result.stderr.contains("notes.txt"), "\(result.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["notes.txt"])
    }

    @Test(arguments: [(["--checkpoint-dir", ""], "--checkpoint-dir: empty path"),
                      (["--checkpoint-dir-reset"], "--checkpoint-dir-reset needs --checkpoint-dir")])
    func badCheckpointFlagsExitTwo(arguments: [String], words: String) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run(Self.run + arguments)
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.contains(words), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: CLI.repositoryRoot.appendingPathComponent("task-").path))
        let strays = try FileManager.default.contentsOfDirectory(atPath: CLI.repositoryRoot.path).filter { $0.hasPrefix("task-") }
        #expect(strays.isEmpty, "no task folders in the working directory")
    }

    /// A full disk: a 64 KiB tmpfs fills after a few dozen checkpoints. Needs permission to
    /// mount (root in a container); elsewhere the injected error in AureonStoreTests covers it.
    @Test func aFullDiskStopsTheRunWithExitThree() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let mountPoint = directory.appendingPathComponent("small")
        try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: false)
        guard Self.system(["/bin/mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint.path]) == 0 else {
            print("mount not permitted here; the full disk is covered by MirroredCheckpointStoreTests")
            return
        }
        defer { _ = Self.system(["/bin/umount", mountPoint.path]) }
        let store = mountPoint.appendingPathComponent("cp")
        let result = try CLI.run(["simulate", "--nodes", "8", "--items", "4000", "--shard-size", "10", "--json", "--checkpoint-dir", store.path])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("aureon: \(store.path)/task-") && result.stderr.contains("No space left on device"), "\(result.stderr)")
        #expect(result.stdout.isEmpty, "no verdict for a run that did not finish")

        let events = mountPoint.appendingPathComponent("events.jsonl")
        try? FileManager.default.removeItem(at: store)
        let full = try CLI.run(["simulate", "--nodes", "8", "--items", "4000", "--shard-size", "10", "--json", "--events", events.path])
        #expect(full.status == 3)
        #expect(full.stderr.contains("\(events.path): cannot write: No space left on device"), "\(full.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: mountPoint.path).isEmpty, "the temporary file is removed")
    }

    static func system(_ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
