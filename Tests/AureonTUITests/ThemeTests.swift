import Foundation
import Testing
@testable import AureonTUI

@Suite("Themes")
struct ThemeTests {
    static let shippedNames = ["daylight", "gruvbox", "high-contrast", "midnight", "monochrome", "solarized-dark"]

    @Test(arguments: shippedNames)
    func shippedThemeLoads(name: String) throws {
        let path = (repositoryThemesDirectory() as NSString).appendingPathComponent("\(name).yaml")
        let theme = try Theme.load(path: path)
        #expect(theme.name == name)
        for key in ThemeColorKey.allCases where !ThemeColorKey.optionalKeys.contains(key) {
            #expect(theme.colors[key] != nil, "\(name) lacks \(key.rawValue)")
        }
    }

    @Test func everyFileInThemesDirectoryLoads() throws {
        let catalog = ThemeCatalog(directory: repositoryThemesDirectory())
        #expect(Set(Self.shippedNames).isSubset(of: Set(catalog.themeNames)))
        for name in catalog.themeNames {
            _ = try catalog.resolve(name)
        }
    }

    @Test func monochromeThemeUsesOnlyDefaultBlackWhite() throws {
        let theme = try ThemeCatalog(directory: repositoryThemesDirectory()).resolve("monochrome")
        let allowed: Set<TerminalColor> = [.default, .black, .white]
        #expect(theme.colors.values.allSatisfy { allowed.contains($0) })
        #expect(theme.usesAttributeEmphasis)
        #expect(theme.style(.selection).attributes.contains(.reverse))
    }

    @Test func fallbackRoundTripsThroughYAML() throws {
        let parsed = try Theme.parse(yaml: Theme.fallback.yaml(), fileName: "fallback.yaml")
        #expect(parsed == Theme.fallback)
    }

    @Test func colourValuesParse() {
        #expect(TerminalColor(parsing: "#5fd75f") == .rgb(red: 0x5f, green: 0xd7, blue: 0x5f))
        #expect(TerminalColor(parsing: "240") == .indexed(240))
        #expect(TerminalColor(parsing: "red") == .ansi(1))
        #expect(TerminalColor(parsing: "bright_white") == .ansi(15))
        #expect(TerminalColor(parsing: "default") == .default)
        #expect(TerminalColor(parsing: "256") == nil)
        #expect(TerminalColor(parsing: "#12345") == nil)
        #expect(TerminalColor(parsing: "reddish") == nil)
    }

    private static let validColors = ThemeColorKey.allCases.map { "  \($0.rawValue): \"#101010\"" }.joined(separator: "\n")

    @Test func unknownKeyFailsWithFileAndLine() throws {
        let yaml = "name: broken\ndescription: \"has a typo\"\ncolors:\n  helth_dead: red\n" + Self.validColors + "\n"
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let path = try dir.write("broken.yaml", yaml)
        #expect {
            _ = try Theme.load(path: path)
        } throws: { error in
            guard let error = error as? ThemeError else { return false }
            return error.kind == .unknownKey && error.line == 4
                && error.description.hasPrefix("\(path):4: ") && error.description.contains("helth_dead")
        }
    }

    @Test func badColourFailsWithFileAndLine() throws {
        let yaml = "name: broken\ncolors:\n" + Self.validColors.replacingOccurrences(of: "  accent: \"#101010\"", with: "  accent: \"#zzzzzz\"") + "\n"
        let accentLine = yaml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("accent:") }! + 1
        #expect {
            _ = try Theme.parse(yaml: yaml, fileName: "themes/broken.yaml")
        } throws: { error in
            guard let error = error as? ThemeError else { return false }
            return error.kind == .badColor && error.description.hasPrefix("themes/broken.yaml:\(accentLine): ")
                && !error.description.contains("\n")
        }
    }

    @Test func missingKeyAndUnknownTopLevelKeyFail() {
        #expect {
            _ = try Theme.parse(yaml: "name: x\ncolors:\n  accent: red\n", fileName: "x.yaml")
        } throws: { error in
            (error as? ThemeError).map { $0.kind == .missingKey && $0.line == 2 && $0.problem.contains("health_healthy") } ?? false
        }
        #expect {
            _ = try Theme.parse(yaml: "name: x\ncolours:\n  accent: red\n", fileName: "x.yaml")
        } throws: { error in
            (error as? ThemeError).map { $0.kind == .unknownKey && $0.line == 2 } ?? false
        }
        #expect {
            _ = try Theme.parse(yaml: "name: x\ncolors: [1, 2\n", fileName: "x.yaml")
        } throws: { error in
            (error as? ThemeError).map { $0.kind == .invalidYAML && $0.description.hasPrefix("x.yaml:") } ?? false
        }
    }

    // MARK: Catalog

    @Test func catalogCyclesAndSkipsBrokenFiles() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        _ = try dir.write("alpha.yaml", Theme.fallback.yaml().replacingOccurrences(of: "name: midnight", with: "name: alpha"))
        _ = try dir.write("beta.yaml", "name: beta\ncolors:\n  nonsense: red\n")
        _ = try dir.write("gamma.yaml", Theme.fallback.yaml().replacingOccurrences(of: "name: midnight", with: "name: gamma"))
        let catalog = ThemeCatalog(directory: dir.path)
        #expect(catalog.themeNames == ["alpha", "beta", "gamma", "midnight"])

        let first = catalog.next(after: "alpha")
        #expect(first.name == "gamma")
        #expect(first.theme.name == "gamma")
        #expect(first.notice?.contains("beta.yaml:3:") == true)

        let second = catalog.next(after: "gamma")
        #expect(second.name == "midnight")  // The compiled-in fallback joins the cycle.
        #expect(second.theme == Theme.fallback)
        #expect(second.notice == nil)
        #expect(catalog.next(after: "midnight").name == "alpha")
    }

    @Test func catalogResolvesNamesPathsAndFallback() throws {
        let empty = ThemeCatalog(directory: nil)
        #expect(try empty.resolve("midnight") == .fallback)
        #expect(throws: ThemeError.self) { try empty.resolve("nope") }
        let shipped = ThemeCatalog(directory: repositoryThemesDirectory())
        let byPath = try shipped.resolve((repositoryThemesDirectory() as NSString).appendingPathComponent("gruvbox.yaml"))
        #expect(byPath.name == "gruvbox")
    }

    @Test func catalogDirectorySearchOrder() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        // <dir>/repo/themes/x.yaml and an executable at <dir>/repo/.build/debug/aureon.
        let repo = (dir.path as NSString).appendingPathComponent("repo")
        let themes = (repo as NSString).appendingPathComponent("themes")
        let bin = (repo as NSString).appendingPathComponent(".build/x86_64/debug")
        try FileManager.default.createDirectory(atPath: themes, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try Theme.fallback.yaml().write(toFile: (themes as NSString).appendingPathComponent("x.yaml"), atomically: true, encoding: .utf8)
        let executable = (bin as NSString).appendingPathComponent("aureon")
        let elsewhere = dir.path

        let fromExecutable = ThemeCatalog.locateDirectory(environment: [:], currentDirectory: elsewhere, executablePath: executable)
        #expect(fromExecutable.map { URL(fileURLWithPath: $0).standardizedFileURL.path } == URL(fileURLWithPath: themes).standardizedFileURL.path)
        let fromEnv = ThemeCatalog.locateDirectory(environment: ["AUREON_THEME_DIR": bin], currentDirectory: repo, executablePath: executable)
        #expect(fromEnv == bin)
        let fromCwd = ThemeCatalog.locateDirectory(environment: [:], currentDirectory: repo, executablePath: nil)
        #expect(fromCwd == themes)
        #expect(ThemeCatalog.locateDirectory(environment: [:], currentDirectory: elsewhere, executablePath: nil) == nil)
    }
}

@Suite("Colour degradation")
struct ColorTests {
    @Test func capabilityDetection() {
        #expect(ColorCapability.detect(environment: ["NO_COLOR": "1"], terminalColors: 256) == .none)
        #expect(ColorCapability.detect(environment: ["NO_COLOR": ""], terminalColors: 256) == .indexed256)
        #expect(ColorCapability.detect(environment: ["COLORTERM": "truecolor"], terminalColors: 256) == .truecolor)
        #expect(ColorCapability.detect(environment: ["COLORTERM": "truecolor"], terminalColors: 8) == .ansi8)
        #expect(ColorCapability.detect(environment: [:], terminalColors: 16) == .ansi8)
        #expect(ColorCapability.detect(environment: [:], terminalColors: 0) == .none)
    }

    @Test func rgbToIndexedToEight() {
        let green = TerminalColor.rgb(red: 0x5f, green: 0xd7, blue: 0x5f)
        #expect(ColorPalette.degrade(green, to: .truecolor) == green)
        #expect(ColorPalette.degrade(green, to: .indexed256) == .indexed(77))  // 5f d7 5f is exactly cube entry 77.
        #expect(ColorPalette.degrade(green, to: .ansi8) == .green)
        #expect(ColorPalette.degrade(.rgb(red: 0xff, green: 0x5f, blue: 0x5f), to: .ansi8) == .red)
        #expect(ColorPalette.degrade(.rgb(red: 0x26, green: 0x26, blue: 0x26), to: .indexed256) == .indexed(235))
        #expect(ColorPalette.degrade(.rgb(red: 0x26, green: 0x26, blue: 0x26), to: .ansi8) == .black)
        #expect(ColorPalette.degrade(.rgb(red: 0xff, green: 0xff, blue: 0xff), to: .ansi8) == .white)
        #expect(ColorPalette.degrade(.indexed(196), to: .ansi8) == .red)
        #expect(ColorPalette.degrade(.ansi(9), to: .ansi8) == .red)
        #expect(ColorPalette.degrade(.default, to: .ansi8) == .default)
        #expect(ColorPalette.degrade(green, to: .none) == .default)
    }

    @Test func everyIndexMapsBackToItself() {
        for index in 16...255 {
            let (r, g, b) = ColorPalette.rgb(ofIndex: UInt8(index))
            let back = ColorPalette.nearestIndex(red: r, green: g, blue: b)
            #expect(ColorPalette.rgb(ofIndex: back) == ColorPalette.rgb(ofIndex: UInt8(index)))
        }
    }

    @Test func noColorUsesMonochromeEmphasis() {
        let theme = Theme.fallback
        let resolver = StyleResolver(capability: .none)
        let selection = resolver.resolve(theme.style(.selection))
        #expect(selection == ResolvedStyle(foreground: .default, background: .default, attributes: .reverse))
        #expect(resolver.resolve(theme.style(.error)).attributes == [.bold, .underline])
        #expect(resolver.resolve(theme.style(.healthDead)).attributes.contains(.bold))
        #expect(resolver.resolve(theme.style(.text)).attributes == [])
        // With colour, the emphasis is not added.
        let colored = StyleResolver(capability: .indexed256).resolve(theme.style(.selection))
        #expect(!colored.attributes.contains(.reverse))
        #expect(colored.background == .indexed(ColorPalette.nearestIndex(red: 0x30, green: 0x4f, blue: 0x7f)))
    }

    @Test func eightColourResolutionKeepsTextVisible() {
        // Dark grey text on black: both degrade to black; the resolver lifts the text to white.
        let style = CellStyle(foreground: .rgb(red: 0x30, green: 0x30, blue: 0x30), background: .black)
        let resolved = StyleResolver(capability: .ansi8).resolve(style)
        #expect(resolved.background == .black)
        #expect(resolved.foreground == .white)
    }
}
