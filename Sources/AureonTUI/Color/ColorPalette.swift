/// Colour arithmetic for degradation: rgb → xterm-256 → 8 ANSI colours.
///
/// Nearest colour is by squared Euclidean distance in RGB. That is not
/// perceptually exact, but it is deterministic, cheap, and good enough for
/// theme colours, which are chosen to be distinct.
public enum ColorPalette {
    /// RGB of the 8 basic colours as xterm draws them; the targets for ``nearestANSI8(red:green:blue:)``.
    public static let ansi8RGB: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0),
        (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
    ]

    /// RGB of the bright colours 8–15.
    public static let brightRGB: [(UInt8, UInt8, UInt8)] = [
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
        (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    private static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    /// The RGB value xterm uses for palette index `index`.
    public static func rgb(ofIndex index: UInt8) -> (UInt8, UInt8, UInt8) {
        let i = Int(index)
        if i < 8 { return ansi8RGB[i] }
        if i < 16 { return brightRGB[i - 8] }
        if i < 232 {
            let c = i - 16
            return (UInt8(cubeLevels[c / 36]), UInt8(cubeLevels[(c / 6) % 6]), UInt8(cubeLevels[c % 6]))
        }
        let gray = 8 + (i - 232) * 10
        return (UInt8(gray), UInt8(gray), UInt8(gray))
    }

    private static func distance(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8)) -> Int {
        let dr = Int(a.0) - Int(b.0), dg = Int(a.1) - Int(b.1), db = Int(a.2) - Int(b.2)
        return dr * dr + dg * dg + db * db
    }

    /// The nearest xterm-256 index (16–255, the part of the palette terminals agree on).
    ///
    /// Compares the nearest 6×6×6 cube entry with the nearest grey-ramp entry;
    /// indices 0–15 are skipped because users recolour them.
    public static func nearestIndex(red: UInt8, green: UInt8, blue: UInt8) -> UInt8 {
        func cubeStep(_ v: UInt8) -> Int {
            var best = 0
            for (i, level) in cubeLevels.enumerated() where abs(level - Int(v)) < abs(cubeLevels[best] - Int(v)) { best = i }
            return best
        }
        let target = (red, green, blue)
        let cube = 16 + 36 * cubeStep(red) + 6 * cubeStep(green) + cubeStep(blue)
        let average = (Int(red) + Int(green) + Int(blue)) / 3
        let grayStep = min(23, max(0, (average - 8 + 5) / 10))
        let gray = 232 + grayStep
        let cubeDistance = distance(rgb(ofIndex: UInt8(cube)), target)
        let grayDistance = distance(rgb(ofIndex: UInt8(gray)), target)
        return UInt8(grayDistance < cubeDistance ? gray : cube)
    }

    /// The nearest of the 8 basic colours (0–7).
    public static func nearestANSI8(red: UInt8, green: UInt8, blue: UInt8) -> UInt8 {
        var best = 0
        var bestDistance = Int.max
        for (i, candidate) in ansi8RGB.enumerated() {
            let d = distance(candidate, (red, green, blue))
            if d < bestDistance {
                best = i
                bestDistance = d
            }
        }
        return UInt8(best)
    }

    /// `color` reduced to what `capability` can show; `.default` stays `.default`.
    ///
    /// - truecolor: unchanged.
    /// - indexed256: rgb → nearest index; ANSI and indexed unchanged.
    /// - ansi8: everything → `.ansi(0...7)`; bright ANSI drops to its base colour.
    /// - none: `.default`.
    public static func degrade(_ color: TerminalColor, to capability: ColorCapability) -> TerminalColor {
        switch (capability, color) {
        case (_, .default), (.none, _):
            return .default
        case (.truecolor, _):
            return color
        case (.indexed256, let .rgb(r, g, b)):
            return .indexed(nearestIndex(red: r, green: g, blue: b))
        case (.indexed256, _):
            return color
        case (.ansi8, .ansi(let n)):
            return .ansi(n % 8)
        case (.ansi8, .indexed(let n)):
            if n < 16 { return .ansi(n % 8) }
            let (r, g, b) = rgb(ofIndex: n)
            return .ansi(nearestANSI8(red: r, green: g, blue: b))
        case (.ansi8, let .rgb(r, g, b)):
            // Through the 256 palette first, so rgb and its indexed equivalent degrade alike.
            return degrade(.indexed(nearestIndex(red: r, green: g, blue: b)), to: .ansi8)
        }
    }
}
