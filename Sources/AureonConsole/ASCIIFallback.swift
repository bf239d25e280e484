import AureonTUI

/// The last step of an ASCII frame: anything non-ASCII left over (a hint the rendering layer
/// draws itself, a node name from a scenario) becomes plain ASCII, so `--ascii` and a
/// non-UTF-8 locale really get seven-bit output.
enum ASCIIFallback {
    private static let replacements: [Character: Character] = [
        "↑": "^", "↓": "v", "←": "<", "→": ">", "⏎": "~", "·": "-", "—": "-", "–": "-", "…": ".", "×": "x",
    ]

    static func apply(to buffer: inout CellBuffer) {
        for y in 0..<buffer.height {
            for x in 0..<buffer.width {
                let cell = buffer[x, y]
                guard !cell.character.isASCII else { continue }
                // Setting the lead cell of a wide grapheme also blanks its continuation.
                buffer.set(Cell(replacements[cell.character] ?? "?", style: cell.style), x: x, y: y)
            }
        }
    }
}
