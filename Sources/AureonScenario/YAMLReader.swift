import AureonEngine
import AureonInput
import Yams

/// A thin, line-aware reader over a composed YAML tree: every accessor knows the line of the
/// node it reads, so every complaint is one line `file:line: key: problem`.
public struct YAMLReader {
    public let file: String

    public init(file: String) { self.file = file }

    /// Parses a whole document; syntax errors come back with the parser's line, a repeated key
    /// with the line of its second occurrence.
    public func document(_ text: String) throws(InputError) -> Node {
        guard text.utf8.count <= TextFile.maxBytes else { throw InputError(file: file, "file is larger than 16 MiB") }
        do {
            guard let node = try Yams.compose(yaml: text) else { throw InputError(file: file, line: 1, "empty document") }
            return node
        } catch let error as InputError {
            throw error
        } catch let error as YamlError {
            if let duplicate = YAMLDuplicateKey.locate(error, in: text) {
                throw InputError(file: file, line: duplicate.line, "\(EchoedValue.cut(duplicate.key)): duplicate key (already given above)")
            }
            throw InputError(file: file, line: Self.line(of: error) ?? 1, "malformed YAML: \(Self.problem(of: error))")
        } catch {
            throw InputError(file: file, line: 1, "malformed YAML")
        }
    }

    public func line(_ node: Node) -> Int? { node.mark?.line }

    public func fail(_ node: Node, _ message: String) -> InputError { InputError(file: file, line: line(node), message) }

    /// `key: problem` at `node`.
    public func fail(_ node: Node, key: String, _ problem: String) -> InputError { fail(node, "\(key): \(problem)") }

    /// The pairs of a mapping, keys as strings, in document order; rejects keys not in `allowed`.
    public func mapping(_ node: Node, context: String, allowed: [String]? = nil) throws(InputError) -> [(key: String, keyNode: Node, value: Node)] {
        guard let mapping = node.mapping else { throw fail(node, key: context, "must be a mapping") }
        var result: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else { throw fail(keyNode, key: context, "keys must be plain text") }
            if let allowed, !allowed.contains(key) {
                throw fail(keyNode, key: context, "unknown key '\(EchoedValue.cut(key))' (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
            result.append((key, keyNode, value))
        }
        return result
    }

    public func sequence(_ node: Node, context: String) throws(InputError) -> [Node] {
        guard let sequence = node.sequence else { throw fail(node, key: context, "must be a list") }
        return Array(sequence)
    }

    /// The value of `node` for `descriptor`, or a located `key: problem`.
    func value(_ node: Node, _ descriptor: KeyDescriptor, key: String? = nil) throws(InputError) -> VocabularyValue {
        let name = key ?? descriptor.name
        let written: WrittenValue
        switch node {
        case let .scalar(scalar): written = .scalar(scalar.string)
        case let .sequence(sequence):
            var items: [String] = []
            for item in sequence {
                guard let text = item.scalar?.string else { throw fail(item, key: name, "list items must be single values") }
                items.append(text)
            }
            written = .list(items)
        default: throw fail(node, key: name, "must be a single value or a list, not a mapping")
        }
        switch descriptor.type.parse(written) {
        case let .success(value): return value
        case let .failure(problem): throw fail(node, key: name, problem.message)
        }
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _): max(1, mark.line)
        default: nil
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case let .scanner(_, problem, _, _), let .parser(_, problem, _, _), let .composer(_, problem, _, _): problem
        case let .reader(problem, _, _, _): problem
        default: "not YAML"
        }
    }
}

extension String {
    func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
