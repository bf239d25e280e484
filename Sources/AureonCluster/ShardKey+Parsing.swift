extension ShardKey {
    /// Parses `slice:start:end` or `item:i` (the text form of `description`).
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 3, parts[0] == "slice", let start = Int(parts[1]), let end = Int(parts[2]), start <= end {
            self = .slice(start: start, end: end)
        } else if parts.count == 2, parts[0] == "item", let index = Int(parts[1]) {
            self = .item(index)
        } else {
            return nil
        }
    }
}
