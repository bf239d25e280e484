import AureonScenario
import Foundation

/// The drills shipped in `demo/drills/`, found where the demos are (see ``DemoCatalog``).
public struct DrillCatalog {
    public let directory: String?

    public init(demos: DemoCatalog = DemoCatalog()) {
        directory = demos.directory.map { $0 + "/drills" }
    }

    public init(directory: String) { self.directory = directory }

    /// Every drill file, by level then name; a file that does not load is an error (exit 2).
    public func drills() throws(InputError) -> [Drill] {
        guard let directory, let files = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw InputError("no drills folder found (set AUREON_DEMO_DIR or run from the repository)")
        }
        var drills: [Drill] = []
        for file in files.filter({ $0.hasSuffix(".yaml") }).sorted() { drills.append(try DrillParser.load(path: directory + "/" + file)) }
        return drills.sorted { ($0.level, $0.name) < ($1.level, $1.name) }
    }

    /// The drill called `name`, or a drill file's path.
    public func drill(named name: String) throws(InputError) -> Drill {
        if name.hasSuffix(".yaml") { return try DrillParser.load(path: name) }
        let all = try drills()
        guard let drill = all.first(where: { $0.name == name }) else {
            throw InputError("no drill named '\(name)' (available: \(all.map(\.name).joined(separator: ", ")))")
        }
        return drill
    }
}
