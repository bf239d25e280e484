import AureonScenario
import AureonTUI

/// How the console looks and reacts: resolved once at start-up from flags and files.
///
/// Everything here is already validated (theme parsed, key file loaded), so
/// building a ``ConsoleApp`` cannot fail half-way through start-up.
public struct ConsoleSettings: Sendable {
    public var theme: Theme
    /// The theme's catalog name, the position `t` cycles from.
    public var themeName: String
    public var catalog: ThemeCatalog
    public var glyphs: GlyphSet
    public var keymap: Keymap
    /// Initial virtual seconds per wall second (clamped to the speed steps).
    public var speed: Double
    public var startsPaused: Bool
    /// Simulation events processed per frame at most, so a frame never stalls on a burst.
    public var eventBudgetPerFrame: Int
    /// `NO_COLOR` is set: the terminal draws no colour whatever the theme says, and the status
    /// bar says so instead of naming a theme nobody can see.
    public var colorsDisabled: Bool
    /// Presenter mode (`--present`): captions wait for a key.
    public var presenter: PresenterSettings?
    /// Bytes the time machine's keyframes may hold (`--keyframe-memory`).
    public var keyframeMemory: Int

    public init(
        theme: Theme = .fallback, themeName: String? = nil, catalog: ThemeCatalog = ThemeCatalog(directory: nil),
        glyphs: GlyphSet = .unicode, keymap: Keymap = ConsoleAction.defaultKeymap(), speed: Double = ConsoleDefaults.speed,
        startsPaused: Bool = false, eventBudgetPerFrame: Int = 50_000, colorsDisabled: Bool = false,
        presenter: PresenterSettings? = nil, keyframeMemory: Int = TimeMachine.defaultMemoryCap
    ) {
        self.theme = theme
        self.themeName = themeName ?? theme.name
        self.catalog = catalog
        self.glyphs = glyphs
        self.keymap = keymap
        self.speed = speed
        self.startsPaused = startsPaused
        self.eventBudgetPerFrame = max(1, eventBudgetPerFrame)
        self.colorsDisabled = colorsDisabled
        self.presenter = presenter
        self.keyframeMemory = keyframeMemory
    }

    /// The smallest terminal the full layout needs; below it a notice says so.
    public static let minimumSize = TerminalSize(width: 80, height: 24)
}
