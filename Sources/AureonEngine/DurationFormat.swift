/// Parsing and printing of durations, shared by scenario files, flags and the console.
public enum DurationFormat {
    /// Parses `500ms`, `30s`, `2m`, `1h`, `1.5s`, `250us`, a bare number of seconds, or a
    /// compound such as `1h30m` or `2m30s`. Returns nil for anything else, including negatives.
    public static func parse(_ text: String) -> VirtualDuration? {
        if let single = parseSingle(text) { return single }
        // Compound: split after each unit run that is followed by a digit.
        var parts: [String] = []
        var current = ""
        var previousWasLetter = false
        for character in text where character != " " {
            if character.isNumber, previousWasLetter {
                parts.append(current)
                current = ""
            }
            current.append(character)
            previousWasLetter = character.isLetter || character == "µ"
        }
        parts.append(current)
        guard parts.count > 1, parts.count <= 4, parts.allSatisfy({ $0.last?.isLetter == true }) else { return nil }
        var total = VirtualDuration.zero
        for part in parts {
            guard let value = parseSingle(part) else { return nil }
            total = total + value
        }
        return total
    }

    private static func parseSingle(_ text: String) -> VirtualDuration? {
        let trimmed = String(text.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
        guard !trimmed.isEmpty, trimmed.count <= 32 else { return nil }
        let units: [(suffix: String, micros: Double)] = [
            ("us", 1), ("µs", 1), ("ms", 1_000), ("s", 1_000_000), ("m", 60_000_000), ("h", 3_600_000_000),
        ]
        var number = trimmed
        var scale = 1_000_000.0
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            let candidate = String(trimmed.dropLast(unit.suffix.count))
            // "ms" must win over "s", "us" over "s": take the first suffix that leaves a number.
            if Double(candidate) != nil {
                number = candidate
                scale = unit.micros
                break
            }
        }
        guard let value = Double(number), value.isFinite, value >= 0 else { return nil }
        let micros = value * scale
        guard micros < Double(Int64.max / 8) else { return nil }
        return VirtualDuration(microseconds: Int64(micros.rounded()))
    }

    /// `250ms`, `12.5s`, `3m20s`, `2h05m`.
    public static func compact(_ duration: VirtualDuration) -> String {
        let micros = duration.microseconds
        let sign = micros < 0 ? "-" : ""
        let magnitude = micros.magnitude
        if magnitude < 1_000 { return "\(sign)\(magnitude)us" }
        if magnitude < 1_000_000 { return "\(sign)\(magnitude / 1_000)ms" }
        if magnitude < 60_000_000 {
            let tenths = (magnitude + 50_000) / 100_000
            return tenths % 10 == 0 ? "\(sign)\(tenths / 10)s" : "\(sign)\(tenths / 10).\(tenths % 10)s"
        }
        let totalSeconds = magnitude / 1_000_000
        if totalSeconds < 3_600 {
            let s = totalSeconds % 60
            return s == 0 ? "\(sign)\(totalSeconds / 60)m" : "\(sign)\(totalSeconds / 60)m\(pad2(s))s"
        }
        return "\(sign)\(totalSeconds / 3_600)h\(pad2((totalSeconds / 60) % 60))m"
    }

    /// `HH:MM:SS.mmm`.
    public static func clock(_ time: VirtualTime) -> String {
        let micros = max(0, time.microseconds)
        let millis = (micros / 1_000) % 1_000
        let totalSeconds = micros / 1_000_000
        let h = totalSeconds / 3_600, m = (totalSeconds / 60) % 60, s = totalSeconds % 60
        return "\(pad2(h)):\(pad2(m)):\(pad2(s)).\(pad3(millis))"
    }

    static func pad2(_ value: some BinaryInteger) -> String { value < 10 ? "0\(value)" : "\(value)" }
    static func pad3(_ value: some BinaryInteger) -> String { value < 10 ? "00\(value)" : value < 100 ? "0\(value)" : "\(value)" }
}
