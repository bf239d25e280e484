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
            let arguments = Array(CommandLine.arguments.dropFirst())
            if let request = plainSimulateRequest(arguments) {
                try request.run()
            } else {
                var command = try parsedCommand(arguments)
                try command.run()
            }
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

    /// `simulate`, the command of every short headless run, read without reflection when the
    /// line is plain (``SimulateRequest/init(plainly:)``; ``LongFlag`` says why); nil for any
    /// other line, which ``parsedCommand(_:)`` then parses.
    static func plainSimulateRequest(_ arguments: [String]) -> SimulateRequest? {
        guard arguments.first == SimulateCommand.configuration.commandName else { return nil }
        return SimulateRequest(plainly: arguments.dropFirst())
    }

    /// The command line, parsed by ArgumentParser from the commands' one definition.
    ///
    /// A command without subcommands named by the first argument (`simulate`, `replay`, the
    /// worker commands) is parsed on its own first: parsing through the root also reflects over
    /// the root and walks the whole command tree, a large part of a short run's start-up (see
    /// BENCHMARKS.md). Whatever else that gives — a help request, a completion request, any
    /// error — is parsed again through the root, so usage text, messages and exit statuses are
    /// exactly the tree's.
    static func parsedCommand(_ arguments: [String]) throws -> any ParsableCommand {
        if let name = arguments.first,
           let leaf = AureonCommand.configuration.subcommands.first(where: { $0.configuration.commandName == name }),
           leaf.configuration.subcommands.isEmpty,
           let command = try? leaf.parseAsRoot(Array(arguments.dropFirst())),
           type(of: command) == leaf {
            return command
        }
        return try AureonCommand.parseAsRoot(arguments)
    }

    /// Exit status for a disk or device failure (full disk, read-only, no permission, EIO):
    /// not the user's input (2) nor a failed verdict (1).
    static let ioFailureStatus: Int32 = 3

    static func fail(_ message: String, status: Int32 = 2) -> Never {
        FileHandle.standardError.write(Data(("aureon: " + message + "\n").utf8))
        exit(status)
    }
}
