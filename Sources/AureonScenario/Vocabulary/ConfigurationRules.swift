import AureonCluster
import AureonEngine

/// Rules between configuration keys. A broken rule is reported on the key the user wrote,
/// naming the value it collides with and whether that value is a default: with
/// `visibility_timeout: 3s` alone, the problem is the 3s, not an unwritten `lease_margin`.
public enum ConfigurationRules {
    public struct Violation: Error, Equatable, Sendable {
        /// The key to blame.
        public let key: String
        public let problem: String
    }

    /// The first broken rule, blaming the later-written key when both were written (`order`
    /// holds the keys in the order the file wrote them).
    public static func check(_ configuration: ClusterConfiguration, written order: [String]) -> Violation? {
        let rules: [(shorter: String, longer: String, strict: Bool)] = [
            ("lease_margin", "visibility_timeout", true),
            ("unresponsive_after", "dead_after", false),
        ]
        for rule in rules {
            guard let shorter = duration(rule.shorter, configuration), let longer = duration(rule.longer, configuration) else { continue }
            let holds = rule.strict ? shorter < longer : shorter <= longer
            guard !holds else { continue }
            let shorterAt = order.lastIndex(of: rule.shorter), longerAt = order.lastIndex(of: rule.longer)
            func origin(_ key: String) -> String { order.contains(key) ? "" : ", the default" }
            let relation = rule.strict ? "longer than" : "at least as long as"
            let blameLonger = longerAt != nil && (shorterAt == nil || longerAt! > shorterAt!)
            if blameLonger {
                return Violation(key: rule.longer, problem: "\(DurationFormat.compact(longer)) must be \(relation) \(rule.shorter) (\(DurationFormat.compact(shorter))\(origin(rule.shorter)))")
            }
            let inverse = rule.strict ? "shorter than" : "no longer than"
            return Violation(key: rule.shorter, problem: "\(DurationFormat.compact(shorter)) must be \(inverse) \(rule.longer) (\(DurationFormat.compact(longer))\(origin(rule.longer)))")
        }
        return nil
    }

    private static func duration(_ name: String, _ configuration: ClusterConfiguration) -> VirtualDuration? {
        if case let .duration(value)? = ConfigurationKeys.named(name)?.read(configuration) { return value }
        return nil
    }
}
