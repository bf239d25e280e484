import AureonInput
import AureonEngine
import Yams

/// Single-value readers for files whose keys are not in the vocabulary tables (drill files'
/// own keys: objectives, injects, hints). Each refuses with `file:line: key: problem`.
extension YAMLReader {
    /// The longest single value read (a named limit; longer values are refused, not cut).
    public static let maxValueBytes = 4_096

    public func mapping(_ node: Node, context: String, allowed: Set<String>) throws(InputError) -> [(key: String, keyNode: Node, value: Node)] {
        try mapping(node, context: context, allowed: allowed.sorted())
    }

    public func string(_ node: Node, key: String) throws(InputError) -> String {
        guard let scalar = node.scalar else { throw fail(node, key: key, "must be a single value") }
        guard scalar.string.utf8.count <= Self.maxValueBytes else { throw fail(node, key: key, "is longer than \(Self.maxValueBytes) bytes") }
        return scalar.string
    }

    public func integer(_ node: Node, key: String, range: ClosedRange<Int>) throws(InputError) -> Int {
        let text = try string(node, key: key)
        guard let value = Int(text.replacingUnderscores()) else { throw fail(node, key: key, "must be a whole number (got '\(EchoedValue.cut(text))')") }
        guard range.contains(value) else { throw fail(node, key: key, "must be between \(range.lowerBound) and \(range.upperBound) (got \(value))") }
        return value
    }

    public func unsigned(_ node: Node, key: String) throws(InputError) -> UInt64 {
        let text = try string(node, key: key)
        guard let value = UInt64(text.replacingUnderscores()) else {
            throw fail(node, key: key, "must be an unsigned 64-bit integer (got '\(EchoedValue.cut(text))')")
        }
        return value
    }

    public func duration(_ node: Node, key: String) throws(InputError) -> VirtualDuration {
        let text = try string(node, key: key)
        guard let value = DurationFormat.parse(text) else {
            throw fail(node, key: key, "must be a duration such as 500ms, 30s, 2m or 1h, not negative (got '\(EchoedValue.cut(text))')")
        }
        return value
    }

    public func boolean(_ node: Node, key: String) throws(InputError) -> Bool {
        switch try string(node, key: key).lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        case let other: throw fail(node, key: key, "must be true or false (got '\(EchoedValue.cut(other))')")
        }
    }
}
