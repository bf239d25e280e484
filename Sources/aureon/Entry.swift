import ArgumentParser
import AureonScenario
import AureonStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Entry point. ArgumentParser's own exit codes (64 for usage errors) are folded into one
/// rule: any bad input — flag, file, value — prints one line and exits 2.
@main
enum Entry {
    static func main() {
        BacktraceSettings.ensureNonInteractive()
        do {
            var command = try AureonCommand.parseAsRoot()
            try command.run()
        } catch let error as InputError {
            fail(error.description)
        } catch let error as FileIOError {
            fail(error.description, status: ioFailureStatus)
        } catch let error as CheckpointDirectoryError {
            switch error {
            case let .refused(message): fail(message)
            case let .io(failure): fail(failure.description, status: ioFailureStatus)
            }
        } catch let failure as any CommandFailure {
            fail(failure.description, status: failure.exitStatus)
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch {
            let code = AureonCommand.exitCode(for: error)
            if code == .success {
                print(AureonCommand.fullMessage(for: error))
                exit(0)
            }
            let message = AureonCommand.message(for: error)
            fail(message.split(separator: "\n").first.map(String.init) ?? "invalid input")
        }
    }

    /// Exit status for a disk or device failure (full disk, read-only, no permission, EIO):
    /// not the user's input (2) nor a failed verdict (1).
    static let ioFailureStatus: Int32 = 3

    static func fail(_ message: String, status: Int32 = 2) -> Never {
        FileHandle.standardError.write(Data(("aureon: " + message + "\n").utf8))
        exit(status)
    }
}
