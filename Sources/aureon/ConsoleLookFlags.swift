import ArgumentParser
import AureonConsole
import AureonScenario
import AureonTUI
import Foundation

/// How the console looks and feels — speed, theme, keys, glyphs — shared by every command that
/// opens it (`console`, `demo NAME`, `drill NAME`), so the flags and their checks exist once.
struct ConsoleLookFlags: ParsableArguments {
    @Option(name: .long, help: "Virtual seconds per wall second, 0.25…1000 (default 10).")
    var speed: Double?
    @Option(name: .long, help: "Theme name (see themes/) or path to a theme YAML file.")
    var theme: String?
    @Option(name: .long, help: "YAML key file remapping actions to keys.")
    var keys: String?
    @Flag(name: .long, help: "Draw with ASCII only (automatic when the locale is not UTF-8).")
    var ascii = false

    /// Theme, glyphs and keymap, validated; errors are `file:line: problem`.
    func makeSettings() throws(InputError) -> ConsoleSettings {
        if let speed, !(0.25...1_000).contains(speed) {
            throw InputError("--speed must be between 0.25 and 1000 (got \(speed))")
        }
        let environment = ProcessInfo.processInfo.environment
        let catalog = ThemeCatalog.discover()
        let chosen: Theme
        let name: String
        do {
            let requested = theme ?? Theme.fallback.name
            chosen = try catalog.resolve(requested)
            name = catalog.themeNames.contains(requested) ? requested : chosen.name
        } catch {
            // A name that matches no file is a flag problem, not a line in some file.
            throw InputError(error.kind == .notFound ? "--theme: \(error.problem)" : error.description)
        }
        let keymap: Keymap
        do {
            keymap = try ConsoleAction.keymap(loadingOverridesFrom: keys)
        } catch {
            throw InputError(error.description)
        }
        return ConsoleSettings(theme: chosen, themeName: name, catalog: catalog,
                               glyphs: GlyphSet.preferred(environment: environment, forceASCII: ascii), keymap: keymap,
                               speed: speed ?? ConsoleDefaults.speed,
                               colorsDisabled: environment["NO_COLOR"].map { !$0.isEmpty } ?? false)
    }

    /// The scenario (its runs and actions play at their virtual times), or the embedded
    /// default: 16 lively nodes with rqml-run-001 already scheduled (more follow as runs finish).
}
