import Foundation

/// The narrated and drill scenarios shipped in `demo/`, found the way themes are: `$AUREON_DEMO_DIR`,
/// then `./demo`, then a `demo/` folder beside the executable or up to five folders above it
/// (so `.build/release/aureon` finds the repository's).
public struct DemoCatalog {
    public struct Entry: Sendable {
        public let name: String
        public let path: String
        public let description: String
    }

    public let directory: String?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                executablePath: String = CommandLine.arguments.first ?? "") {
        var candidates: [String] = []
        if let override = environment["AUREON_DEMO_DIR"], !override.isEmpty { candidates.append(override) }
        candidates.append(FileManager.default.currentDirectoryPath + "/demo")
        var folder = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(folder.appendingPathComponent("demo").path)
            folder.deleteLastPathComponent()
        }
        directory = candidates.first { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
                && ((try? FileManager.default.contentsOfDirectory(atPath: path))?.contains { $0.hasSuffix(".yaml") } ?? false)
        }
    }

    /// Every demo (benchmark workloads excluded), by name.
    public func entries() -> [Entry] {
        guard let directory, let files = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return files.filter { $0.hasSuffix(".yaml") && !$0.hasPrefix("bench-") }.sorted().map { file in
            let path = directory + "/" + file
            let description = (try? ScenarioParser.load(path: path))?.description ?? "(does not load)"
            return Entry(name: String(file.dropLast(5)), path: path, description: description)
        }
    }

    /// The demo called `name`, or an error listing the ones there are.
    public func entry(named name: String) throws(InputError) -> Entry {
        let all = entries()
        guard let entry = all.first(where: { $0.name == name }) else {
            throw InputError("no demo named '\(name)' (available: \(all.map(\.name).joined(separator: ", ")))")
        }
        return entry
    }
}
