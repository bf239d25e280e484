import AureonTraining
import AureonTrainingStore
import AureonScenario
import Foundation

/// Opens the attempt store for a command and saves verdicts into it. A file that is not an
/// SQLite database stops the command (exit 2, the file untouched); a location that cannot be
/// written is reported once and the drill goes on without saving.
struct AttemptKeeping {
    let store: AttemptStore?
    let path: String
    /// Why attempts will not be kept, when they will not.
    let problem: String?

    /// Opens the store; `required` (history) makes an unwritable location an error too.
    init(flags: AttemptDatabaseFlags, required: Bool = false) throws(InputError) {
        path = flags.db ?? AttemptStore.defaultPath()
        do {
            store = try AttemptStore(path: path)
            problem = nil
        } catch let error {
            if case .notADatabase = error { throw InputError(error.description) }
            if required { throw InputError(error.description) }
            FileHandle.standardError.write(Data(("aureon: warning: \(error.description); the attempt will not be kept\n").utf8))
            store = nil
            problem = error.description
        }
    }

    /// Keeps the attempt; a failure to write is reported, not fatal (the verdict stands).
    @discardableResult
    func save(_ verdict: DrillVerdict, drill: Drill, startedAt: Date, recordingPath: String?, recordingText: String?) -> String {
        guard let store else { return "attempt not kept: \(problem ?? path)" }
        let record = AttemptRecord(
            trainee: verdict.trainee, drill: drill.name, drillHash: drill.fileHash, seed: drill.scenario.configuration.seed,
            startedAt: ISO8601DateFormatter().string(from: startedAt), durationVirtualSeconds: verdict.durationVirtualSeconds,
            score: verdict.score, maxScore: verdict.maxScore, passed: verdict.passed, hintsUsed: verdict.hintsUsed,
            recordingPath: recordingPath, recordingHash: recordingText.map(Self.hash), traceHash: verdict.traceHash,
            instructorAssisted: verdict.instructorAssisted)
        do {
            try store.save(record)
            return "attempt kept in \(path) (see: aureon drill history)"
        } catch {
            FileHandle.standardError.write(Data(("aureon: warning: \(error.description)\n").utf8))
            return "attempt not kept: \(error.description)"
        }
    }

    static func hash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The trainee's name: `--trainee`, else the login name.
    static func trainee(_ flag: String?) -> String {
        flag ?? ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "trainee"
    }
}
