import AureonScenario
import Foundation

/// One figure of a benchmark row: its stable JSON key, its column header in the table, and its
/// value rendered both ways. A figure that could not be measured is `null` in JSON and "n/a"
/// in the table — never a made-up number.
struct BenchFigure {
    let key: String
    let header: String
    let json: String
    let text: String

    static let notAvailable = "n/a"

    static func missing(_ key: String, _ header: String) -> BenchFigure {
        BenchFigure(key: key, header: header, json: "null", text: notAvailable)
    }

    static func integer(_ key: String, _ header: String, _ value: Int?) -> BenchFigure {
        guard let value else { return missing(key, header) }
        return BenchFigure(key: key, header: header, json: String(value), text: String(value))
    }

    /// A decimal shown with `places` digits in the table; JSON keeps six significant places
    /// after the point, enough for microseconds of wall time.
    static func decimal(_ key: String, _ header: String, _ value: Double?, places: Int) -> BenchFigure {
        guard let value, value.isFinite else { return missing(key, header) }
        return BenchFigure(key: key, header: header, json: JSONText.number((value * 1_000_000).rounded() / 1_000_000),
                           text: String(format: "%.\(places)f", value))
    }

    /// Bytes in JSON, MiB in the table.
    static func bytes(_ key: String, _ header: String, _ value: Int?) -> BenchFigure {
        guard let value else { return missing(key, header) }
        return BenchFigure(key: key, header: header, json: String(value), text: String(format: "%.1f", Double(value) / 1_048_576))
    }

    /// Millions in the table (instruction counts), the exact count in JSON.
    static func millions(_ key: String, _ header: String, _ value: Int?) -> BenchFigure {
        guard let value else { return missing(key, header) }
        return BenchFigure(key: key, header: header, json: String(value), text: String(format: "%.1f", Double(value) / 1_000_000))
    }

    static func text(_ key: String, _ header: String, _ value: String?) -> BenchFigure {
        guard let value else { return missing(key, header) }
        return BenchFigure(key: key, header: header, json: JSONText.string(value), text: value)
    }

    static func flag(_ key: String, _ header: String, _ value: Bool?) -> BenchFigure {
        guard let value else { return missing(key, header) }
        return BenchFigure(key: key, header: header, json: String(value), text: value ? "yes" : "no")
    }

    /// `numerator / denominator`, or nothing when either is missing or the denominator is 0.
    static func ratio(_ numerator: Double?, _ denominator: Double?) -> Double? {
        guard let numerator, let denominator, denominator != 0 else { return nil }
        return numerator / denominator
    }
}
