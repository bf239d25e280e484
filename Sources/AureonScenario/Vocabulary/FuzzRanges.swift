import AureonCluster
import AureonEngine

/// What the fuzzer draws, each range in the unit its name says. Every range lies inside the
/// allowed range of the key it fills (``bounds`` lists them; a test checks each against the
/// descriptor), so a fuzzed scenario is always one a file could have written.
public enum FuzzRanges {
    public static let concurrency = 1...4
    public static let heartbeatIntervalSeconds = 1...4
    public static let visibilityTimeoutMilliseconds = 1_000...40_000
    public static let checkpointIntervalSeconds = 1...11
    public static let scanIntervalSeconds = 1...3
    public static let maxReceiveCount = 1...10
    public static let validationRejectPercent = 0...19
    public static let runsPerScenario = 1...3
    public static let items = 5...124
    public static let shardSize = 1...8
    public static let longestWorkSeconds = 2...41
    public static let maxIterations = 1...3
    public static let runStartSeconds = 0...59
    public static let slowFactor = 2...7
    public static let flakyTenths = 0...5
    public static let messageLossPercent = 0...49
    public static let messageDelayMilliseconds = 0...2_999
    public static let checkpointFailureTenths = 0...8
    public static let clockSkewSeconds = 1...60
    public static let chaosFaultsPerMinute = 6

    /// Each range's extremes as values of the key they fill.
    public static var bounds: [(KeyDescriptor, VocabularyValue)] {
        func seconds(_ range: ClosedRange<Int>) -> [VocabularyValue] { [range.lowerBound, range.upperBound].map { .duration(.seconds(Int64($0))) } }
        func integers(_ range: ClosedRange<Int>) -> [VocabularyValue] { [.integer(range.lowerBound), .integer(range.upperBound)] }
        func fraction(_ range: ClosedRange<Int>, _ scale: Double) -> [VocabularyValue] {
            [.number(Double(range.lowerBound) / scale), .number(Double(range.upperBound) / scale)]
        }
        func key(_ name: String) -> KeyDescriptor { ConfigurationKeys.named(name)?.descriptor ?? KeyDescriptor(name, .flag, "") }
        typealias P = ActionVerbs.Parameter
        let pairs: [(KeyDescriptor, [VocabularyValue])] = [
            (key("concurrency"), integers(concurrency)),
            (key("heartbeat_interval"), seconds(heartbeatIntervalSeconds)),
            (key("visibility_timeout"), [visibilityTimeoutMilliseconds.lowerBound, visibilityTimeoutMilliseconds.upperBound]
                .map { .duration(.milliseconds(Int64($0))) }),
            (key("checkpoint_interval"), seconds(checkpointIntervalSeconds)),
            (key("scan_interval"), seconds(scanIntervalSeconds)),
            (key("max_receive_count"), integers(maxReceiveCount)),
            (key("validation_reject_probability"), fraction(validationRejectPercent, 100)),
            (RunKeys.items.descriptor, integers(items)),
            (RunKeys.shardSize.descriptor, integers(shardSize)),
            (RunKeys.maxIterations.descriptor, integers(maxIterations)),
            (RunKeys.at, seconds(runStartSeconds)),
            (P.factor, [.number(Double(slowFactor.lowerBound)), .number(Double(slowFactor.upperBound))]),
            (P.probability, fraction(flakyTenths, 10) + fraction(messageLossPercent, 100) + fraction(checkpointFailureTenths, 10)),
            (P.offset, seconds(clockSkewSeconds)),
            (P.delay, [messageDelayMilliseconds.lowerBound, messageDelayMilliseconds.upperBound].map { .duration(.milliseconds(Int64($0))) }),
            (P.rate, [.number(Double(chaosFaultsPerMinute))]),
        ]
        return pairs.flatMap { pair in pair.1.map { (pair.0, $0) } }
    }
}

extension SeededRandom {
    /// A uniform draw from `range` (the same draw as `lowerBound + index(below: count)`).
    mutating func pick(_ range: ClosedRange<Int>) -> Int { range.lowerBound + index(below: range.count) }
}
