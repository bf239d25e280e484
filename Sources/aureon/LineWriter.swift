import AureonScenario
import Foundation

/// Buffered line output to a file (event exports): one syscall per 64 KiB, not per event.
final class LineWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    init(path: String) throws(InputError) {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw InputError(file: path, "cannot create file")
        }
        self.handle = handle
        buffer.reserveCapacity(1 << 16)
    }

    func write(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    func close() {
        flush()
        try? handle.close()
    }

    private func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
