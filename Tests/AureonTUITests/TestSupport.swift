import Foundation

/// A scratch directory for files a test writes; removed by `cleanup()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("aureon-tui-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `contents` to `name` inside the directory and returns the full path.
    func write(_ name: String, _ contents: String) throws -> String {
        let file = (path as NSString).appendingPathComponent(name)
        try contents.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    func cleanup() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// The repository's `themes/` directory, found from this source file's location.
func repositoryThemesDirectory(filePath: String = #filePath) -> String {
    // Tests/AureonTUITests/TestSupport.swift → repository root.
    let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return root.appendingPathComponent("themes").path
}
