import AureonCluster
import AureonEngine
import AureonTUI

/// The event log, newest at the bottom, coloured by severity, filterable by kind and node
/// (`e`), scrollable back through the retained ring.
struct EventsPane: Widget {
    let app: ConsoleApp
    /// Restricts the log to one node (the detail screen); the filter still applies.
    let node: NodeID?

    func render(in area: Rect, buffer: inout CellBuffer) {
        let theme = app.settings.theme
        let glyphs = app.settings.glyphs
        let simulation = app.simulation
        var title = "Events (\(simulation.events.totalCount))"
        if !app.eventFilter.isEmpty { title += " matching \"\(app.eventFilter)\"" }
        if app.eventScrollBack > 0 { title += " \(glyphs.pointer) \(app.eventScrollBack) back" }
        let block = theme.block(title: title, isFocused: app.focus == .events, glyphs: glyphs)
        buffer.render(block, in: area)
        let inner = block.inner(area).inset(left: 1)
        guard !inner.isEmpty else { return }
        let filter = EventFilter(query: app.eventFilter, naming: simulation.naming, node: node)
        let events = simulation.events.newest(inner.height + app.eventScrollBack) { filter.matches($0) }
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
        let back = min(app.eventScrollBack, LogView.maximumScrollBack(lineCount: lines.count, height: inner.height))
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
