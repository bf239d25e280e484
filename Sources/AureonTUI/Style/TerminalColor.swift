import Foundation

/// A colour as a theme or widget asks for it, before the terminal's abilities are known.
///
/// Widgets and themes speak in the richest terms they like (`rgb`); a
/// ``StyleResolver`` later degrades the colour to what the terminal can show, so
/// no widget has to care whether it runs in a truecolor terminal or over a serial line.
public enum TerminalColor: Hashable, Sendable {
    /// The terminal's own foreground or background; keeps transparent terminals transparent.
    case `default`
    /// One of the 16 ANSI colours: 0–7 normal, 8–15 bright.
    case ansi(UInt8)
    /// An xterm-256 palette index (0–255).
    case indexed(UInt8)
    /// A 24-bit colour.
    case rgb(red: UInt8, green: UInt8, blue: UInt8)

    public static let black = TerminalColor.ansi(0)
    public static let red = TerminalColor.ansi(1)
    public static let green = TerminalColor.ansi(2)
    public static let yellow = TerminalColor.ansi(3)
    public static let blue = TerminalColor.ansi(4)
    public static let magenta = TerminalColor.ansi(5)
    public static let cyan = TerminalColor.ansi(6)
    public static let white = TerminalColor.ansi(7)

    /// The colour names accepted in theme files, in ANSI order; `bright_` prefixes give 8–15.
    public static let ansiNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// Parses a theme colour value: `#rrggbb`, an integer `0`–`255`, an ANSI name
    /// (`red`, `bright_red`, also `bright-red`), or `default`. Returns `nil` for anything else.
    public init?(parsing text: String) {
        let value = text.trimmingCharacters(in: .whitespaces).lowercased()
        if value == "default" {
            self = .default
            return
        }
        if value.hasPrefix("#") {
            let hex = value.dropFirst()
            guard hex.count == 6, let packed = UInt32(hex, radix: 16) else { return nil }
            self = .rgb(red: UInt8((packed >> 16) & 0xff), green: UInt8((packed >> 8) & 0xff), blue: UInt8(packed & 0xff))
            return
        }
        if let index = Int(value) {
            guard (0...255).contains(index) else { return nil }
            self = .indexed(UInt8(index))
            return
        }
        var name = value.replacingOccurrences(of: "-", with: "_")
        var offset: UInt8 = 0
        if name.hasPrefix("bright_") {
            name = String(name.dropFirst("bright_".count))
            offset = 8
        }
        guard let index = Self.ansiNames.firstIndex(of: name) else { return nil }
        self = .ansi(UInt8(index) + offset)
    }

    /// The colour's value in theme-file syntax, so a theme can be written back out.
    public var themeValue: String {
        switch self {
        case .default:
            return "default"
        case .ansi(let index):
            let base = Self.ansiNames[Int(index % 8)]
            return index >= 8 ? "bright_\(base)" : base
        case .indexed(let index):
            return String(index)
        case let .rgb(red, green, blue):
            return "#" + [red, green, blue].map { byte in
                let hex = String(byte, radix: 16)
                return hex.count == 1 ? "0" + hex : hex
            }.joined()
        }
    }
}
