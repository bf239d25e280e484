import AureonCluster

/// The faults in force on one node, as its row in the nodes table shows them beside the health
/// the coordinator believes — so "alive but declared dead" reads off one line.
struct FaultBadges: OptionSet, Sendable, Hashable {
    let rawValue: UInt8

    init(rawValue: UInt8) { self.rawValue = rawValue }

    static let partition = FaultBadges(rawValue: 1 << 0)
    static let slow = FaultBadges(rawValue: 1 << 1)
    static let flaky = FaultBadges(rawValue: 1 << 2)
    static let checkpointFailures = FaultBadges(rawValue: 1 << 3)
    static let clockSkew = FaultBadges(rawValue: 1 << 4)
    /// An incarnation the coordinator declared dead and fenced off, though it may still run.
    static let fenced = FaultBadges(rawValue: 1 << 5)

    /// Badge order, with the fault name written as in the event stream (snake_case) and a
    /// one-letter form for narrow tables (listed in the help screen).
    static let ordered: [(badge: FaultBadges, name: String, letter: Character)] = [
        (.partition, "partition", "P"), (.slow, "slow", "S"), (.flaky, "flaky", "F"),
        (.checkpointFailures, "checkpoint_failures", "C"), (.clockSkew, "clock_skew", "K"), (.fenced, "fenced", "X"),
    ]

    /// The badge an active fault's kind stands for; cluster-wide faults and kills have none
    /// (a kill is already the row's health).
    init?(kind: String) {
        guard let entry = Self.ordered.first(where: { $0.name == kind }) else { return nil }
        self = entry.badge
    }

    /// `partition slow ×4`: the long form; `slow` carries its factor.
    func text(slowFactor: String?) -> String {
        Self.ordered.filter { contains($0.badge) }
            .map { $0.badge == .slow ? "slow" + (slowFactor.map { " " + $0 } ?? "") : $0.name }
            .joined(separator: " ")
    }

    /// `PS`: one letter per fault.
    var letters: String {
        String(Self.ordered.filter { contains($0.badge) }.map(\.letter))
    }
}

extension [ActiveFault] {
    /// Badges by node index, built in one pass over the active faults (looked up, never iterated).
    func badgesByNode() -> [Int: FaultBadges] {
        var result: [Int: FaultBadges] = [:]
        for fault in self {
            guard let node = fault.node, let badge = FaultBadges(kind: fault.kind) else { continue }
            result[node.index, default: []].insert(badge)
        }
        return result
    }
}
