import AureonScenario
import Foundation

/// Reads a trainee's timed actions (`drill run --actions FILE`): a YAML list in the format of a
/// scenario's `actions:`, or a mapping with an `actions:` key.
public enum ActionListParser {
    public static func load(path: String) throws(InputError) -> [ScenarioAction] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, FileManager.default.fileExists(atPath: path) ? "cannot read file" : "no such file")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw InputError(file: path, "not UTF-8 text") }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(InputError) -> [ScenarioAction] {
        let reader = YAMLReader(file: file)
        let root = try reader.document(text)
        var list = root
        if root.mapping != nil {
            let pairs = try reader.mapping(root, context: "actions file", allowed: ["actions"])
            guard let actions = pairs.first?.value else { throw reader.fail(root, "actions: missing") }
            list = actions
        }
        let items = try reader.sequence(list, context: "actions")
        guard items.count <= ScenarioParser.maxActions else { throw reader.fail(list, "actions: at most \(ScenarioParser.maxActions) actions") }
        var actions: [ScenarioAction] = []
        for item in items { actions.append(try ScenarioParser.parseAction(item, reader: reader)) }
        return actions
    }
}
