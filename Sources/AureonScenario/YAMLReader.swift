import AureonEngine
import Yams

/// A thin, line-aware reader over a composed YAML tree: every accessor knows the line of the
/// node it reads, so every complaint can name `file:line` and the key.
public struct YAMLReader {
    public let file: String

    public init(file: String) { self.file = file }

    /// Parses a whole document; syntax errors come back with the parser's line.
    public func document(_ text: String) throws(InputError) -> Node {
        guard text.utf8.count <= 16 * 1024 * 1024 else { throw InputError(file: file, "file is larger than 16 MiB") }
        do {
            guard let node = try Yams.compose(yaml: text) else { throw InputError(file: file, line: 1, "empty document") }
            return node
        } catch let error as InputError {
            throw error
        } catch let error as YamlError {
            throw InputError(file: file, line: Self.line(of: error), "malformed YAML: \(Self.problem(of: error))")
        } catch {
            throw InputError(file: file, "malformed YAML: \(error)")
        }
    }

    public func line(_ node: Node) -> Int? { node.mark?.line }

    public func fail(_ node: Node, _ message: String) -> InputError { InputError(file: file, line: line(node), message) }

    /// The pairs of a mapping, keys as strings, in document order; rejects keys not in `allowed`.
    public func mapping(_ node: Node, context: String, allowed: Set<String>? = nil) throws(InputError) -> [(key: String, keyNode: Node, value: Node)] {
        guard let mapping = node.mapping else { throw fail(node, "\(context) must be a mapping") }
        var result: [(key: String, keyNode: Node, value: Node)] = []
        var seen = Set<String>()
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else { throw fail(keyNode, "\(context): keys must be plain text") }
            if let allowed, !allowed.contains(key) {
                throw fail(keyNode, "\(context): unknown key '\(key)' (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
            guard seen.insert(key).inserted else { throw fail(keyNode, "\(context): duplicate key '\(key)'") }
            result.append((key, keyNode, value))
        }
        return result
    }

    public func sequence(_ node: Node, context: String) throws(InputError) -> [Node] {
        guard let sequence = node.sequence else { throw fail(node, "\(context) must be a list") }
        return Array(sequence)
    }

    public func string(_ node: Node, key: String) throws(InputError) -> String {
        guard let scalar = node.scalar else { throw fail(node, "\(key) must be a single value") }
        guard scalar.string.utf8.count <= 4_096 else { throw fail(node, "\(key) is longer than 4096 bytes") }
        return scalar.string
    }

    public func integer(_ node: Node, key: String, range: ClosedRange<Int>) throws(InputError) -> Int {
        let text = try string(node, key: key)
        guard let value = Int(text.replacingUnderscores()) else { throw fail(node, "\(key) must be a whole number (got '\(text)')") }
        guard range.contains(value) else { throw fail(node, "\(key) must be between \(range.lowerBound) and \(range.upperBound) (got \(value))") }
        return value
    }

    public func unsigned(_ node: Node, key: String) throws(InputError) -> UInt64 {
        let text = try string(node, key: key)
        guard let value = UInt64(text.replacingUnderscores()) else {
            throw fail(node, "\(key) must be an unsigned 64-bit integer (got '\(text)')")
        }
        return value
    }

    public func probability(_ node: Node, key: String) throws(InputError) -> Double {
        let text = try string(node, key: key)
        guard let value = Double(text), value.isFinite, (0...1).contains(value) else {
            throw fail(node, "\(key) must be a probability between 0 and 1 (got '\(text)')")
        }
        return value
    }

    public func number(_ node: Node, key: String, range: ClosedRange<Double>) throws(InputError) -> Double {
        let text = try string(node, key: key)
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw fail(node, "\(key) must be a number between \(range.lowerBound) and \(range.upperBound) (got '\(text)')")
        }
        return value
    }

    public func duration(_ node: Node, key: String) throws(InputError) -> VirtualDuration {
        let text = try string(node, key: key)
        guard let value = DurationFormat.parse(text) else {
            throw fail(node, "\(key) must be a duration such as 500ms, 30s, 2m or 1h, not negative (got '\(text)')")
        }
        return value
    }

    public func boolean(_ node: Node, key: String) throws(InputError) -> Bool {
        switch try string(node, key: key).lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        case let other: throw fail(node, "\(key) must be true or false (got '\(other)')")
        }
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _): mark.line
        default: nil
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case let .scanner(_, problem, _, _), let .parser(_, problem, _, _), let .composer(_, problem, _, _): problem
        case let .reader(problem, _, _, _): problem
        case let .duplicatedKeysInMapping(duplicates, _): "duplicate keys \(duplicates.joined(separator: ", "))"
        default: "\(error)"
        }
    }
}

extension String {
    func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
