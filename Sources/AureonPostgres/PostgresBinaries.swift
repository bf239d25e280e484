import Foundation

/// Where the PostgreSQL server programs live on this machine (Debian keeps them out of PATH,
/// under /usr/lib/postgresql/VERSION/bin).
public struct PostgresBinaries: Sendable, Equatable {
    public let initdb: String
    public let pgCtl: String

    /// The newest installed server's programs, or nil when none is installed.
    public static func locate() -> PostgresBinaries? {
        let files = FileManager.default
        let root = "/usr/lib/postgresql"
        let versions = ((try? files.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap(Int.init)
            .sorted(by: >)
        var directories = versions.map { "\(root)/\($0)/bin" }
        directories += (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for directory in directories.prefix(64) {
            let initdb = "\(directory)/initdb"
            let pgCtl = "\(directory)/pg_ctl"
            if files.isExecutableFile(atPath: initdb), files.isExecutableFile(atPath: pgCtl) {
                return PostgresBinaries(initdb: initdb, pgCtl: pgCtl)
            }
        }
        return nil
    }
}
