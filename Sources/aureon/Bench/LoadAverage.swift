import Foundation

/// The machine's load average (1, 5 and 15 minutes) from `/proc/loadavg`, printed beside the
/// figures: on a shared machine, wall times mean little without the load they were taken under.
struct LoadAverage {
    let values: [Double]

    static func read() -> LoadAverage? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        let values = text.split(separator: " ").prefix(3).compactMap { Double($0) }
        return values.count == 3 ? LoadAverage(values: values) : nil
    }

    var text: String { values.map { String(format: "%.2f", $0) }.joined(separator: " ") }
    var json: String { "[" + values.map { String(format: "%.2f", $0) }.joined(separator: ",") + "]" }
}
