import AureonCluster
import AureonEngine
import AureonTUI

/// The event log, newest at the bottom, coloured by severity, filterable by kind and node
/// (`e`), scrollable back through the retained ring.
struct EventsPane: Widget {
    let model: ConsoleViewModel
    /// Restricts the log to one node (the detail screen); the filter still applies.
    let node: NodeID?
    let filterText: String
    /// Lines scrolled back from the newest (clamped by the update step).
    let scrollBack: Int
    let isFocused: Bool

    func render(in area: Rect, buffer: inout CellBuffer) {
        let theme = model.theme
        let glyphs = model.glyphs
        let simulation = model.simulation
        let filter = EventFilter(query: filterText, naming: simulation.naming, node: node)
        let subject = node.map { "Events of \(simulation.naming.name(of: $0))" } ?? "Events"
        var title: String
        if filterText.isEmpty {
            // Every event is counted (the feed sees each one), not just those still retained.
            let total = node.map { model.feed.eventsPerNode[$0.index] } ?? Int(simulation.events.totalCount)
            title = "\(subject) (\(total))"
        } else {
            // The filter searches what the log retains; say how much that is.
            let retained = simulation.events.newest(simulation.events.capacity)
            let matched = retained.reduce(0) { $0 + (filter.matches($1) ? 1 : 0) }
            title = "\(subject) (\(matched) of last \(retained.count) match \"\(filterText)\")"
        }
        if scrollBack > 0 { title += " \(glyphs.pointer) \(scrollBack) back" }
        let block = theme.block(title: title, isFocused: isFocused, glyphs: glyphs)
        buffer.render(block, in: area)
        let inner = block.inner(area).inset(left: 1)
        guard !inner.isEmpty else { return }
        let events = simulation.events.newest(inner.height + scrollBack) { filter.matches($0) }
        let naming = simulation.naming
        let lines = events.map { event -> Span in
            let slot: ThemeSlot = switch event.kind.severity {
            case .info: .text
            case .good: .success
            case .warning: .warning
            case .error: .error
            }
            return Span(event.line(naming: naming), style: theme.style(slot))
        }
        let back = min(scrollBack, LogView.maximumScrollBack(lineCount: lines.count, height: inner.height))
        buffer.render(LogView(lines: lines, scrollBack: back), in: inner)
    }
}

/// The `e` filter: every space-separated term must match the event's kind, node, run or task.
struct EventFilter {
    let terms: [String]
    let naming: NodeNaming
    let node: NodeID?

    init(query: String, naming: NodeNaming, node: NodeID?) {
        terms = query.lowercased().split(separator: " ").map(String.init)
        self.naming = naming
        self.node = node
    }

    func matches(_ event: ClusterEvent) -> Bool {
        if let node, event.node != node { return false }
        return terms.allSatisfy { term in
            event.kind.rawValue.contains(term)
                || (event.node.map { naming.name(of: $0) == term || naming.name(of: $0).contains(term) } ?? false)
                || (event.task?.description.contains(term) ?? false)
                || (event.run?.rawValue.contains(term) ?? false)
        }
    }
}
