import AureonEngine

/// What `aureon explore` prints.
public struct CausalityReport: Sendable {
    public struct Point: Sendable {
        public let time: VirtualTime
        public let successes: Int
        public let probability: Double
        public let low: Double
        public let high: Double
    }

    public let outcome: String
    public let branch: String
    public let variants: Int
    public let threshold: Double
    public let points: [Point]
    public let outcomeFirstAt: VirtualTime?
    public let inevitableAt: VirtualTime?

    public var json: String {
        JSONText.object([
            ("outcome", JSONText.string(outcome)), ("branch", JSONText.string(branch)), ("variants", String(variants)),
            ("threshold", JSONText.number(threshold)),
            ("moments", JSONText.array(points.map { point in
                JSONText.object([
                    ("t_us", String(point.time.microseconds)), ("probability", JSONText.number(Self.rounded(point.probability))),
                    ("low", JSONText.number(Self.rounded(point.low))), ("high", JSONText.number(Self.rounded(point.high))),
                ])
            })),
            ("outcome_first_at_us", outcomeFirstAt.map { String($0.microseconds) } ?? "null"),
            ("inevitable_at_us", inevitableAt.map { String($0.microseconds) } ?? "null"),
        ])
    }

    /// Width of the chart's bars, in cells.
    public static let barWidth = 40

    /// A line per moment, in plain ASCII (it goes to logs and CI as well as terminals): clock,
    /// bar (`#` up to the probability, `=` over the rest of its confidence interval),
    /// probability and interval; the moments where the outcome happened and became inevitable
    /// are marked.
    public var chart: String {
        // The scale's 0 and 1 stand over the bar's two edges.
        var lines = ["outcome \(outcome) on branch \(branch), \(variants) variants per moment",
                     "TIME           0\(String(repeating: " ", count: Self.barWidth))1 P     [95 % interval]"]
        for point in points {
            let filled = Self.cells(point.probability), lowCell = Self.cells(point.low), highCell = Self.cells(point.high)
            let bar = String((0..<Self.barWidth).map { cell -> Character in
                if cell < filled { return "#" }
                return cell >= lowCell && cell < highCell ? "=" : "."
            })
            var line = "\(DurationFormat.clock(point.time))   |\(bar)| \(Self.fixed(point.probability)) [\(Self.fixed(point.low)), \(Self.fixed(point.high))]"
            if point.time == inevitableAt { line += "  <- inevitable" }
            if point.time == outcomeFirstAt { line += "  <- happened" }
            lines.append(line)
        }
        lines.append("happened at: " + (outcomeFirstAt.map(DurationFormat.clock) ?? "never in the recording"))
        lines.append("inevitable (p >= \(Self.fixed(threshold)) from then on) at: " + (inevitableAt.map(DurationFormat.clock) ?? "not within the moments probed"))
        return lines.joined(separator: "\n")
    }

    static func cells(_ share: Double) -> Int { Int((share * Double(barWidth)).rounded()) }
    static func rounded(_ value: Double) -> Double { (value * 1_000_000).rounded() / 1_000_000 }
    static func fixed(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}
