import AureonCluster
import AureonEngine
import AureonTUI

/// Small text conversions shared by the panes, kept free of Foundation's locale-dependent formatting.
enum ConsoleFormat {
    /// `1.2s`, `41s`, `3m12s`, `2h05m`: short enough for a table column.
    static func age(_ duration: VirtualDuration) -> String {
        let micros = max(0, duration.microseconds)
        let tenths = micros / 100_000
        if tenths < 100 { return "\(tenths / 10).\(tenths % 10)s" }
        let seconds = micros / 1_000_000
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3_600 { return "\(seconds / 60)m\(pad(seconds % 60))s" }
        return "\(seconds / 3_600)h\(pad(seconds / 60 % 60))m"
    }

    /// A value with one decimal, e.g. `41.2`.
    static func oneDecimal(_ value: Double) -> String {
        guard value.isFinite else { return "0.0" }
        let tenths = Int((abs(value) * 10).rounded())
        return (value < 0 ? "-" : "") + "\(tenths / 10).\(tenths % 10)"
    }

    /// `×10`, `×0.25`; ASCII uses `x`.
    static func speed(_ speed: Double, glyphs: GlyphSet) -> String {
        let text: String
        if speed == speed.rounded() {
            text = String(Int(speed))
        } else {
            let hundredths = Int((speed * 100).rounded())
            text = "0." + (hundredths % 100 < 10 ? "0" : "") + String(hundredths % 100).replacingZeroSuffix()
        }
        return "\(glyphs.times)\(text)"
    }

    /// `4`, `2.5`: a factor without a needless `.0`.
    static func compact(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : oneDecimal(value)
    }

    static func percent(_ fraction: Double) -> String {
        "\(Int((min(1, max(0, fraction)) * 100).rounded()))%"
    }

    private static func pad(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

private extension String {
    /// "50" → "5", "25" → "25": drops one trailing zero of a two-digit fraction.
    func replacingZeroSuffix() -> String {
        count == 2 && hasSuffix("0") ? String(dropLast()) : self
    }
}

/// What the console shows as a node's health: the coordinator's view, except that an operator
/// kill is a fact the operator knows at once, before the coordinator notices the silence.
enum DisplayedHealth: Int, CaseIterable, Hashable, Sendable {
    case healthy, draining, unresponsive, dead, killed

    /// From the two facts it depends on, so a pass over 100 000 nodes reads two fields of each
    /// instead of copying every node and its view.
    init(isKilled: Bool, believed: NodeHealth) {
        if isKilled {
            self = .killed
            return
        }
        switch believed {
        // The coordinator's view is what the cluster acts on; the node hears of it a moment later.
        case .healthy: self = .healthy
        case .draining: self = .draining
        case .unresponsive: self = .unresponsive
        case .dead: self = .dead
        }
    }

    var name: String {
        switch self {
        case .healthy: "healthy"
        case .draining: "draining"
        case .unresponsive: "unresponsive"
        case .dead: "dead"
        case .killed: "killed"
        }
    }

    /// At most six characters, for the narrow nodes table.
    var shortName: String {
        switch self {
        case .healthy: "ok"
        case .draining: "drain"
        case .unresponsive: "unresp"
        case .dead: "dead"
        case .killed: "killed"
        }
    }

    var slot: ThemeSlot {
        switch self {
        case .healthy: .healthHealthy
        case .draining: .healthDraining
        case .unresponsive: .healthUnresponsive
        case .dead: .healthDead
        case .killed: .healthKilled
        }
    }

    func symbol(_ glyphs: GlyphSet) -> Character {
        switch self {
        case .healthy: glyphs.dotFull
        case .draining: glyphs.dotHalf
        case .unresponsive: glyphs.dotEmpty
        case .dead, .killed: glyphs.cross
        }
    }
}

extension ClusterSimulation {
    /// A node's health as the console shows it.
    func displayedHealth(of index: Int) -> DisplayedHealth {
        DisplayedHealth(isKilled: nodes[index].isKilled, believed: coordinator.views[index].health)
    }

    /// The leases a node holds right now: its running slots whose lease in the queue is still
    /// theirs (same token). A partitioned zombie keeps working on slots whose lease moved on.
    func heldLeases(of index: Int) -> [(task: RunningTask, lease: Lease)] {
        nodes[index].slots.compactMap { slot in
            guard let slot, let lease = queue[slot.message].lease, lease.token == slot.token else { return nil }
            return (slot, lease)
        }
    }
}
