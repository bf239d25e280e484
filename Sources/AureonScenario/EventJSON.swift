import AureonCluster

/// One event as a JSON line (the `--events FILE` format).
public enum EventJSON {
    public static func line(_ event: ClusterEvent, naming: NodeNaming) -> String {
        var pairs: [(String, String)] = [
            ("t_us", String(event.time.microseconds)),
            ("t", JSONText.string(event.time.description)),
            ("seq", String(event.sequence)),
            ("kind", JSONText.string(event.kind.rawValue)),
        ]
        if let node = event.node { pairs.append(("node", JSONText.string(naming.name(of: node)))) }
        if let task = event.task { pairs.append(("task", JSONText.string(task.description))) }
        if let run = event.run { pairs.append(("run", JSONText.string(run.rawValue))) }
        pairs.append(contentsOf: fields(event.detail, naming: naming))
        let text = event.detail.text(naming: naming)
        if !text.isEmpty { pairs.append(("detail", JSONText.string(text))) }
        return JSONText.object(pairs)
    }

    private static func fields(_ detail: EventDetail, naming: NodeNaming) -> [(String, String)] {
        switch detail {
        case .none, .reason: []
        case let .lease(token, deadline, stolen, incarnation):
            [("token", String(token.value)), ("deadline_us", String(deadline.microseconds)), ("stolen", String(stolen)),
             ("incarnation", String(incarnation))]
        case let .redelivery(token, deadline, resumedFrom, receiveCount, incarnation):
            [("token", String(token.value)), ("deadline_us", String(deadline.microseconds)), ("receive_count", String(receiveCount)),
             ("resumed_from", resumedFrom.map(JSONText.number) ?? "null"), ("incarnation", String(incarnation))]
        case let .renewal(token, deadline, renewals):
            [("token", String(token.value)), ("deadline_us", String(deadline.microseconds)), ("renewals", String(renewals))]
        case let .expiry(token, holder): [("token", String(token.value)), ("holder", JSONText.string(naming.name(of: holder)))]
        case let .checkpoint(token, progress): [("token", String(token.value)), ("progress", JSONText.number(progress))]
        case let .commit(token, resumed): [("token", String(token.value)), ("resumed", String(resumed))]
        case let .staleWrite(operation, presented, current):
            [("operation", JSONText.string(operation)), ("token", String(presented.value)), ("current_token", String(current.value))]
        case let .ended(token, _): [("token", String(token.value))]
        case let .validation(token, attempt): [("token", String(token.value)), ("attempt", String(attempt))]
        case let .messageLost(plane, message): [("plane", JSONText.string(plane.rawValue)), ("message", JSONText.string(message.rawValue))]
        case let .fault(kind, _): [("fault", JSONText.string(kind.rawValue))]
        case let .moved(count): [("moved", String(count))]
        case let .runPlan(shards, iteration, nodes, longestWork):
            [("shards", String(shards)), ("iteration", String(iteration)), ("nodes", String(nodes)),
             ("longest_work_us", String(longestWork.microseconds))]
        case let .iteration(number, residual): [("iteration", String(number)), ("residual", JSONText.number(residual))]
        case let .incarnation(number): [("incarnation", String(number))]
        }
    }
}
