import AureonInput
import Foundation
import Yams

/// A problem at a line of a YAML file, before it is wrapped in the caller's error type.
struct YAMLProblem: Error {
    var line: Int
    var problem: String
}

/// Shared YAML reading for keymaps and themes: composes a node tree (keeping
/// line marks) and turns Yams' multi-line errors into a single line number and message.
enum YAMLSource {
    /// Reads a file as UTF-8; a missing or unreadable file is a problem at line 1, said plainly
    /// (a directory, a NUL byte and bad UTF-8 each have their own message).
    static func read(path: String) -> Result<String, YAMLProblem> {
        TextFile.read(path: path).mapError { YAMLProblem(line: $0.line ?? 1, problem: $0.message) }
    }

    /// Composes `text` into a node; `nil` for an empty document.
    static func compose(_ text: String) -> Result<Node?, YAMLProblem> {
        do {
            return .success(try Yams.compose(yaml: text))
        } catch let error as YamlError {
            return .failure(problem(from: error, text: text))
        } catch {
            return .failure(YAMLProblem(line: 1, problem: "invalid YAML"))
        }
    }

    static func problem(from error: YamlError, text: String) -> YAMLProblem {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return YAMLProblem(line: max(1, mark.line), problem: "invalid YAML: \(problem)")
        case .duplicatedKeysInMapping:
            let duplicate = YAMLDuplicateKey.locate(error, in: text)
            return YAMLProblem(line: duplicate?.line ?? 1, problem: "\(EchoedValue.cut(duplicate?.key ?? "?")): duplicate key (already given above)")
        case let .reader(problem, offset, _, _):
            let line = offset.map { off in 1 + text.utf8.prefix(off).filter { $0 == UInt8(ascii: "\n") }.count } ?? 1
            return YAMLProblem(line: line, problem: "invalid YAML: \(problem)")
        default:
            return YAMLProblem(line: 1, problem: "invalid YAML")
        }
    }

    /// The 1-based line of `node`, or `fallback` when Yams kept no mark.
    static func line(of node: Node, fallback: Int = 1) -> Int {
        node.mark.map { max(1, $0.line) } ?? fallback
    }

    /// Renders a node briefly for error messages.
    static func brief(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return "'\(EchoedValue.cut(scalar.string))'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
}
