import Foundation
import Yams

extension Theme {
    /// Loads a theme file. See ``parse(yaml:fileName:)`` for the format.
    public static func load(path: String) throws(ThemeError) -> Theme {
        switch YAMLSource.read(path: path) {
        case .failure(let p):
            throw ThemeError(kind: .unreadable, file: path, line: p.line, problem: p.problem)
        case .success(let text):
            let fallbackName = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            return try parse(yaml: text, fileName: path, defaultName: fallbackName)
        }
    }

    /// Parses theme YAML:
    /// ```yaml
    /// name: midnight
    /// description: optional free text
    /// monochrome: false             # optional; true applies attribute emphasis on colour terminals too
    /// colors:
    ///   health_healthy: "#5fd75f"   # hex (quote it: # starts a YAML comment)
    ///   border: 240                 # xterm-256 index
    ///   text: white                 # black…white, bright_black…bright_white
    ///   background: default         # the terminal's own colour
    /// ```
    /// Every key of ``ThemeColorKey`` is required except `background` (defaults
    /// to `default`): a missing colour is an error rather than a silent
    /// borrowing from another theme, because a light theme with one dark-theme
    /// colour is unreadable in exactly the place nobody tested.
    /// Errors carry the line of the offending key or value.
    public static func parse(yaml text: String, fileName: String, defaultName: String? = nil) throws(ThemeError) -> Theme {
        func fail(_ kind: ThemeError.Kind, _ line: Int, _ problem: String) -> ThemeError {
            ThemeError(kind: kind, file: fileName, line: line, problem: problem)
        }
        let composed: Node?
        switch YAMLSource.compose(text) {
        case .failure(let p): throw fail(.invalidYAML, p.line, p.problem)
        case .success(let node): composed = node
        }
        guard let root = composed, let top = root.mapping else {
            throw fail(.invalidYAML, composed.map { YAMLSource.line(of: $0) } ?? 1, "expected a mapping with 'name' and 'colors'")
        }
        var name = defaultName ?? "unnamed"
        var attributeEmphasis = false
        var colorsNode: Node?
        var colorsLine = 1
        for (keyNode, valueNode) in top {
            let line = YAMLSource.line(of: keyNode)
            switch keyNode.scalar?.string {
            case "name":
                guard let value = valueNode.scalar?.string, !value.isEmpty else {
                    throw fail(.invalidYAML, line, "'name' must be a non-empty string")
                }
                name = value
            case "description":
                continue
            case "monochrome":
                guard let flag = valueNode.scalar?.string.lowercased(), ["true", "false"].contains(flag) else {
                    throw fail(.invalidYAML, line, "'monochrome' must be true or false")
                }
                attributeEmphasis = flag == "true"
            case "colors":
                colorsNode = valueNode
                colorsLine = line
            default:
                throw fail(.unknownKey, line, "unknown key \(YAMLSource.brief(keyNode)) (expected name, description, monochrome, colors)")
            }
        }
        guard let colorsNode else { throw fail(.missingKey, 1, "missing 'colors' mapping") }
        guard let colorMapping = colorsNode.mapping else {
            throw fail(.invalidYAML, YAMLSource.line(of: colorsNode, fallback: colorsLine), "'colors' must be a mapping of colour keys")
        }
        var colors: [ThemeColorKey: TerminalColor] = [.background: .default]
        for (keyNode, valueNode) in colorMapping {
            let line = YAMLSource.line(of: keyNode)
            guard let keyText = keyNode.scalar?.string, let key = ThemeColorKey(rawValue: keyText) else {
                throw fail(.unknownKey, line, "unknown colour key \(YAMLSource.brief(keyNode))")
            }
            let valueLine = YAMLSource.line(of: valueNode, fallback: line)
            guard let valueText = valueNode.scalar?.string, let color = TerminalColor(parsing: valueText) else {
                throw fail(.badColor, valueLine,
                           "bad colour \(YAMLSource.brief(valueNode)) for '\(keyText)' (use \"#rrggbb\", 0-255, a colour name or default)")
            }
            colors[key] = color
        }
        let missing = ThemeColorKey.allCases.filter { colors[$0] == nil }
        if !missing.isEmpty {
            throw fail(.missingKey, colorsLine, "missing colour key\(missing.count == 1 ? "" : "s") \(missing.map(\.rawValue).joined(separator: ", "))")
        }
        return Theme(name: name, colors: colors, usesAttributeEmphasis: attributeEmphasis)
    }

    /// The theme as YAML in the file format, e.g. to export the compiled-in fallback.
    public func yaml() -> String {
        var out = "name: \(name)\n" + (usesAttributeEmphasis ? "monochrome: true\n" : "") + "colors:\n"
        for key in ThemeColorKey.allCases {
            out += "  \(key.rawValue): \"\(self[key].themeValue)\"\n"
        }
        return out
    }
}
