import AureonEngine

/// A campaign's report, built from its records in seed order: a failure's lines as it is
/// added, and one summary line at the end. It depends only on the records, so the report is
/// the same whether the seeds ran in one process, in N workers, or on N machines whose JSON
/// lines were merged afterwards.
public struct FuzzReport: Sendable {
    public private(set) var seeds: UInt64 = 0
    public private(set) var failed: UInt64 = 0
    /// Seeds absent between the first and the last one added (a lost shard, a truncated file).
    public private(set) var missing: UInt64 = 0
    public private(set) var firstMissing: UInt64?
    private var first: UInt64?
    private var last: UInt64?
    /// Folds every seed's verdict and trace hash: one figure that differs if any result does.
    private var hasher = TraceHasher()

    public init() {}

    /// True when every seed passed and none is missing.
    public var passed: Bool { failed == 0 && missing == 0 }

    /// Adds the next record (seeds strictly increasing); returns the lines to print for it
    /// (none for a pass).
    public mutating func add(_ record: FuzzRecord) -> [String] {
        if let last {
            precondition(record.seed > last, "records are added in increasing seed order")
            let gap = record.seed - last - 1
            if gap > 0, firstMissing == nil { firstMissing = last + 1 }
            missing += gap
        } else {
            first = record.seed
        }
        last = record.seed
        seeds += 1
        hasher.combine(record.seed)
        hasher.combine(record.passed ? 1 : 0)
        hasher.combine(record.traceHash)
        guard !record.passed else { return [] }
        failed += 1
        return ["FAIL seed \(record.seed): \(record.detail)", "  reproduce: \(record.reproduceCommand)"]
    }

    /// Counts as missing every seed of the campaign `first...last` that no record covered,
    /// before the lowest and after the highest too (a lost first or last shard, which the
    /// gaps between records cannot show). Call once, after the last `add`; every record added
    /// must lie in the campaign.
    public mutating func expectCampaign(first campaignFirst: UInt64, last campaignLast: UInt64) {
        precondition(campaignFirst <= campaignLast, "a campaign has at least one seed")
        guard let first, let last else {
            missing = campaignLast - campaignFirst + 1
            firstMissing = campaignFirst
            self.first = campaignFirst
            self.last = campaignLast
            return
        }
        precondition(campaignFirst <= first && last <= campaignLast, "every record lies in the campaign")
        if first > campaignFirst {
            missing += first - campaignFirst
            firstMissing = campaignFirst
            self.first = campaignFirst
        }
        if last < campaignLast {
            missing += campaignLast - last
            if firstMissing == nil { firstMissing = last + 1 }
            self.last = campaignLast
        }
    }

    /// "fuzz: 20 seeds from 1000, 0 failed, campaign hash …" (and the missing seeds, if any).
    public var summary: String {
        guard let first, let last else { return "fuzz: 0 seeds, 0 failed" }
        var text = "fuzz: \(seeds) seeds from \(first)"
        if missing > 0 { text += " to \(last), \(missing) missing (first \(firstMissing ?? first))" }
        let hash = String(hasher.value, radix: 16)
        return text + ", \(failed) failed, campaign hash \(String(repeating: "0", count: 16 - hash.count) + hash)"
    }
}
