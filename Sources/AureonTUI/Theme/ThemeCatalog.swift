import Foundation

/// The shipped themes on disk, plus the compiled-in fallback.
///
/// Finds the themes directory once, resolves `--theme NAME|PATH`, and cycles
/// themes for the `t` key. A broken theme file never stops the console: it is
/// skipped with a one-line notice the app can show in its status line.
public struct ThemeCatalog: Sendable {
    /// The themes directory in use, or `nil` when none was found (only the fallback is available).
    public let directory: String?

    public init(directory: String?) {
        self.directory = directory
    }

    /// A catalog using the search order of ``locateDirectory(environment:currentDirectory:executablePath:)``
    /// with this process's environment, working directory and executable.
    public static func discover() -> ThemeCatalog {
        let process = ProcessInfo.processInfo
        return ThemeCatalog(directory: locateDirectory(
            environment: process.environment,
            currentDirectory: FileManager.default.currentDirectoryPath,
            executablePath: Bundle.main.executablePath ?? process.arguments.first
        ))
    }

    /// Finds the themes directory, first match wins:
    /// 1. `$AUREON_THEME_DIR`, if it is a directory;
    /// 2. `./themes` under `currentDirectory`, if it holds `.yaml` files;
    /// 3. `themes/` holding `.yaml` files in the executable's directory or up to
    ///    5 of its parents (finds the repo's themes from `.build/debug/aureon`).
    public static func locateDirectory(environment: [String: String], currentDirectory: String, executablePath: String?) -> String? {
        let fm = FileManager.default
        func isDirectory(_ path: String) -> Bool {
            var isDir: ObjCBool = false
            return fm.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
        }
        func holdsThemes(_ path: String) -> Bool {
            isDirectory(path) && !themeFiles(in: path).isEmpty
        }
        if let env = environment["AUREON_THEME_DIR"], !env.isEmpty, isDirectory(env) {
            return env
        }
        let local = (currentDirectory as NSString).appendingPathComponent("themes")
        if holdsThemes(local) { return local }
        if let executablePath, !executablePath.isEmpty {
            let absolute = executablePath.hasPrefix("/") ? executablePath : (currentDirectory as NSString).appendingPathComponent(executablePath)
            var dir = ((absolute as NSString).resolvingSymlinksInPath as NSString).deletingLastPathComponent
            for _ in 0...5 {
                let candidate = (dir as NSString).appendingPathComponent("themes")
                if holdsThemes(candidate) { return candidate }
                let parent = (dir as NSString).deletingLastPathComponent
                if parent == dir { break }
                dir = parent
            }
        }
        return nil
    }

    /// `.yaml`/`.yml` files in `directory`, sorted by name for a stable cycle order.
    static func themeFiles(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
    }

    /// Theme names (file names without extension), sorted; always includes the fallback's name.
    public var themeNames: [String] {
        var names = directory.map { Self.themeFiles(in: $0).map(Self.baseName) } ?? []
        if !names.contains(Theme.fallback.name) { names.append(Theme.fallback.name) }
        return names.sorted()
    }

    private static func baseName(_ path: String) -> String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    /// The file for a theme name, if the directory has one.
    public func path(forName name: String) -> String? {
        guard let directory else { return nil }
        return Self.themeFiles(in: directory).first { Self.baseName($0) == name }
    }

    /// Resolves a `--theme` argument: a path (contains `/` or ends in `.yaml`/`.yml`) is loaded
    /// directly; otherwise a name in the directory. The fallback's name resolves to the
    /// compiled-in theme when no file for it exists.
    public func resolve(_ nameOrPath: String) throws(ThemeError) -> Theme {
        let looksLikePath = nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml")
        if looksLikePath { return try Theme.load(path: nameOrPath) }
        if let path = path(forName: nameOrPath) { return try Theme.load(path: path) }
        if nameOrPath == Theme.fallback.name { return .fallback }
        throw ThemeError(kind: .notFound, file: directory ?? "themes", line: 1,
                         problem: "no theme named '\(nameOrPath)' (available: \(themeNames.joined(separator: ", ")))")
    }

    /// The result of cycling to the next theme.
    public struct Cycle: Sendable {
        /// The theme to switch to.
        public var theme: Theme
        /// Its catalog name (file name without extension): pass it to the next `next(after:)`.
        public var name: String
        /// One line per skipped broken file, e.g. "skipped theme: themes/bad.yaml:3: bad colour …".
        public var notice: String?
    }

    /// The theme after `current` in name order, wrapping; broken files are skipped
    /// and reported in `notice`. Falls back to the compiled-in theme if every file is broken.
    public func next(after current: String) -> Cycle {
        let names = themeNames
        guard !names.isEmpty else { return Cycle(theme: .fallback, name: Theme.fallback.name, notice: nil) }
        let start = names.firstIndex(of: current) ?? names.firstIndex { $0 > current }.map { $0 - 1 } ?? (names.count - 1)
        var skipped: [String] = []
        for step in 1...names.count {
            let name = names[(start + step + names.count) % names.count]
            do {
                let theme = try resolve(name)
                return Cycle(theme: theme, name: name, notice: skipped.isEmpty ? nil : skipped.joined(separator: "; "))
            } catch {
                skipped.append("skipped theme: \(error.description)")
            }
        }
        return Cycle(theme: .fallback, name: Theme.fallback.name, notice: skipped.joined(separator: "; "))
    }
}
