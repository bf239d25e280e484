import AureonEngine

extension EventDetail {
    /// One human line of the detail, as the console's event log and headless output show it.
    public func text(naming: NodeNaming) -> String {
        switch self {
        case .none: ""
        case let .lease(token, deadline, stolen, incarnation):
            "token \(token), deadline \(deadline)\(stolen ? ", stolen" : "")\(incarnation > 1 ? ", incarnation \(incarnation)" : "")"
        case let .redelivery(token, _, resumedFrom, receiveCount, _):
            "token \(token), receive #\(receiveCount)" + (resumedFrom.map { ", resumes from checkpoint at \(Self.percent($0))" } ?? ", from scratch")
        case let .renewal(token, deadline, renewals): "token \(token), deadline \(deadline), renewed \(renewals)×"
        case let .expiry(token, holder): "\(naming.name(of: holder)) token \(token) expired"
        case let .checkpoint(token, progress): "\(Self.percent(progress)) token \(token)"
        case let .commit(token, resumed): "token \(token)\(resumed ? ", resumed from checkpoint" : "")"
        case let .staleWrite(operation, presented, current): "\(operation) token \(presented) < \(current)"
        case let .ended(token, reason): "token \(token): \(reason)"
        case let .validation(token, attempt): "attempt \(attempt) (token \(token)) rejected; its checkpoints are discarded"
        case let .messageLost(plane, message): "\(message.rawValue) lost (\(plane.rawValue) plane)"
        case let .fault(_, label): label
        case let .reason(text): text
        case let .moved(count): "\(count) unstarted shards moved"
        case let .runPlan(shards, iteration, nodes, _): "iteration \(iteration): \(shards) shards on \(nodes) nodes"
        case let .iteration(number, residual): "iteration \(number), residual \(Self.fixed(residual, digits: 4))"
        case let .incarnation(number): "incarnation \(number)"
        }
    }

    static func percent(_ fraction: Double) -> String { "\(Int((fraction * 100).rounded()))%" }

    /// Fixed-point text without Foundation's locale-dependent formatting.
    static func fixed(_ value: Double, digits: Int) -> String {
        let scale = (0..<digits).reduce(1.0) { result, _ in result * 10 }
        let scaled = Int64((abs(value) * scale).rounded())
        let whole = scaled / Int64(scale)
        var fraction = String(scaled % Int64(scale))
        fraction = String(repeating: "0", count: max(0, digits - fraction.count)) + fraction
        return (value < 0 ? "-" : "") + "\(whole)" + (digits > 0 ? ".\(fraction)" : "")
    }
}

extension ClusterEvent {
    /// `00:04:11.900 lease_expired rqml-run-001:2:slice:300:400 node-03 token 2 expired`.
    public func line(naming: NodeNaming) -> String {
        var parts = [time.description, kind.rawValue]
        if let task { parts.append(task.description) } else if let run { parts.append(run.rawValue) }
        if let node { parts.append(naming.name(of: node)) }
        let detailText = detail.text(naming: naming)
        if !detailText.isEmpty { parts.append(detailText) }
        return parts.joined(separator: " ")
    }
}
