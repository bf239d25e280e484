import AureonCluster
import AureonEngine

/// An action as the debrief prints it: the scenario keyword and its target.
enum ActionText {
    static func describe(_ action: OperatorAction, naming: NodeNaming) -> String {
        func span(_ duration: VirtualDuration?) -> String { duration.map { " for \($0)" } ?? "" }
        let name = naming.name(of:)
        switch action {
        case let .drain(node), let .resume(node), let .kill(node), let .restart(node): return "\(action.keyword) \(name(node))"
        case let .killRandom(count): return "kill_random \(count)"
        case .restartKilled: return "restart killed"
        case let .schedule(spec): return "schedule \(spec.id)"
        case let .partition(nodes, duration): return "partition \(nodes.map(name).joined(separator: ", "))\(span(duration))"
        case let .heal(nodes): return "heal \(nodes.map(name).joined(separator: ", "))"
        case let .slow(node, factor, duration): return "slow \(name(node)) ×\(factor)\(span(duration))"
        case let .flaky(node, probability, duration): return "flaky \(name(node)) p=\(probability)\(span(duration))"
        case let .checkpointFailures(node, probability, duration): return "checkpoint_failures \(name(node)) p=\(probability)\(span(duration))"
        case let .messageLoss(probability, plane, duration): return "message_loss p=\(probability) (\(plane))\(span(duration))"
        case let .messageDelay(delay, plane, duration): return "message_delay +\(delay) (\(plane))\(span(duration))"
        case let .clockSkew(node, offset, duration): return "clock_skew \(name(node)) \(offset)\(span(duration))"
        case let .chaos(rate): return "chaos \(rate)/min"
        case .rebalance, .quiesce: return action.keyword
        case let .say(text): return "“\(text)”"
        }
    }
}
