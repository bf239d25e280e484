import ArgumentParser
import AureonScenario
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Entry point. ArgumentParser's own exit codes (64 for usage errors) are folded into one
/// rule: any bad input — flag, file, value — prints one line and exits 2.
@main
enum Entry {
    static func main() {
        do {
            var command = try AureonCommand.parseAsRoot()
            try command.run()
        } catch let error as InputError {
            fail(error.description)
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

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data(("aureon: " + message + "\n").utf8))
        exit(2)
    }
}
