import AureonCluster

/// The `/` filter over the nodes table: a case-insensitive regular expression matched against a
/// node's name, its displayed health and its fault names; a leading `!` keeps the nodes that do
/// not match. An invalid expression is matched as plain text (and the prompt says so).
///
/// Name matches are worked out once when the filter is set (names never change); health and
/// fault names are a handful of words matched once each, so refreshing the list every frame is
/// a pass of lookups, not thousands of regex runs.
struct NodeFilter: Sendable {
    let text: String
    let isInverted: Bool
    /// Nil when the expression did not compile (matched as text instead).
    let isRegex: Bool
    private let nameMatches: [Bool]
    private let healthMatches: [Bool]
    private let faultMatches: FaultBadges

    static let none = NodeFilter(text: "", names: [])

    var isActive: Bool { !text.isEmpty }

    init(text: String, names: [String]) {
        self.text = text
        var pattern = Substring(text)
        isInverted = pattern.hasPrefix("!")
        if isInverted { pattern = pattern.dropFirst() }
        let query = String(pattern)
        let regex = try? Regex(query).ignoresCase()
        isRegex = regex != nil || query.isEmpty
        let lowered = query.lowercased()
        func matches(_ candidate: String) -> Bool {
            guard !query.isEmpty else { return true }
            if let regex { return (try? regex.firstMatch(in: candidate)) != nil }
            return candidate.lowercased().contains(lowered)
        }
        nameMatches = text.isEmpty ? [] : names.map(matches)
        healthMatches = DisplayedHealth.allCases.map { matches($0.name) }
        faultMatches = FaultBadges(FaultBadges.ordered.filter { matches($0.name) }.map(\.badge))
    }

    func matches(node index: Int, health: DisplayedHealth, badges: FaultBadges) -> Bool {
        let hit = nameMatches[index] || healthMatches[health.rawValue] || !badges.isDisjoint(with: faultMatches)
        return hit != isInverted
    }
}
