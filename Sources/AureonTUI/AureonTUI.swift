/// # AureonTUI
///
/// A small ratatui-style rendering layer for the Aureon console.
///
/// Everything renders into a ``CellBuffer``; a ``TerminalBackend`` paints only
/// what changed. ncurses is confined to ``NcursesBackend``; tests use
/// ``MemoryBackend`` and read frames back as text.
///
/// A typical loop (the app owns state and update; this library is the view):
/// ```swift
/// let glyphs = GlyphSet.preferred(environment: env, forceASCII: ascii)
/// let catalog = ThemeCatalog.discover()
/// var theme = try catalog.resolve(themeArgument ?? "midnight")
/// let keymap = try Keymap.load(yamlFile: keyFile, overriding: defaultKeymap)
/// try NcursesBackend.withTerminal { terminal in
///     while !NcursesBackend.terminationRequested && !state.quit {
///         var frame = CellBuffer(width: terminal.size.width, height: terminal.size.height)
///         view(state, theme, glyphs, &frame)          // widgets render into rects of `frame`
///         terminal.draw(frame)                        // paints only the changed cells
///         switch terminal.pollInput(timeoutMilliseconds: 50) {
///         case .key(let key)?: state.apply(keymap.action(for: key))
///         case .resize?: break                       // next frame is built at the new size
///         case .mouse(let m)?: state.click(m)
///         case nil: state.tick()
///         }
///     }
/// }   // terminal restored here, also on throw
/// ```
public enum AureonTUI {
    /// Smallest size for which widgets here still draw something meaningful; the app
    /// chooses its own layout minimum and shows ``TooSmallNotice`` below it.
    public static let minimumUsefulSize = TerminalSize(width: 20, height: 5)
}
