import AureonScenario

/// Sizes on the command line: `256MiB`, `1GiB`, `512KiB`, `64MB`, or a bare number of bytes.
/// Units are powers of 1024 whichever spelling (`MB` is read as `MiB`): what a memory cap means.
enum ByteSizeFlag {
    static let units: [(suffix: String, bytes: Int)] = [
        ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("KB", 1 << 10), ("MB", 1 << 20), ("GB", 1 << 30),
        ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30), ("B", 1),
    ]

    /// The size, or an error naming the flag; `range` bounds it.
    static func parse(_ text: String, flag: String, range: ClosedRange<Int>) throws(InputError) -> Int {
        let trimmed = text.trimmingBlanks()
        var number = Substring(trimmed)
        var scale = 1
        for unit in units where trimmed.lowercased().hasSuffix(unit.suffix.lowercased()) {
            number = trimmed.dropLast(unit.suffix.count)
            scale = unit.bytes
            break
        }
        guard let value = Int(number.trimmingBlanks()), value >= 0, value <= range.upperBound / scale, range.contains(value * scale) else {
            throw InputError("\(flag) must be a size between \(range.lowerBound >> 20) MiB and \(range.upperBound >> 30) GiB, such as 256MiB (got '\(text)')")
        }
        return value * scale
    }
}

private extension StringProtocol {
    func trimmingBlanks() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
