/// Every kind of injected fault, typed, so that the console and the checker never parse event
/// text to learn what happened. Raw values are the scenario keywords and the JSON names.
public enum FaultKind: String, Sendable, CaseIterable, Codable {
    case partition
    case slow
    case flaky
    case checkpointFailures = "checkpoint_failures"
    case messageLoss = "message_loss"
    case messageDelay = "message_delay"
    case clockSkew = "clock_skew"
    case chaos

    /// Stable small number for the trace hash (declaration order is part of the hash format).
    var ordinal: Int {
        switch self {
        case .partition: 0
        case .slow: 1
        case .flaky: 2
        case .checkpointFailures: 3
        case .messageLoss: 4
        case .messageDelay: 5
        case .clockSkew: 6
        case .chaos: 7
        }
    }
}
