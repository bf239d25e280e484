import AureonScenario
import AureonStore

/// Opening the file an output flag names, the one way every output flag does it
/// (``AureonStore/OutputFile`` says what happens to FIFOs, devices, symlinks and files).
enum OutputFlag {
    /// Refuses an empty path naming the flag (exit 2); the system's refusals are I/O errors (exit 3).
    static func open(_ path: String, flag: String) throws -> OutputFile {
        guard !path.isEmpty else { throw InputError("\(flag): empty path; give a file name, or - for standard output") }
        return try OutputFile(path: path)
    }
}
