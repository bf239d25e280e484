import AureonCluster
import AureonEngine
import AureonTUI

/// The newest progress checkpoints (from `checkpoint_saved` events, newest first), cluster-wide
/// or for one node. The store is keyed by task, the event log by time: the log answers "recent".
struct CheckpointsPane: Widget {
    let model: ConsoleViewModel
    let node: NodeID?

    func render(in area: Rect, buffer: inout CellBuffer) {
        let theme = model.theme
        let glyphs = model.glyphs
        let simulation = model.simulation
        let title = node.map { "Checkpoints (\(simulation.naming.name(of: $0)))" } ?? "Checkpoints"
        let block = theme.block(title: title, glyphs: glyphs)
        buffer.render(block, in: area)
        let inner = block.inner(area)
        guard inner.height > 1 else { return }
        let wanted = inner.height - 1
        let events = simulation.events.newest(wanted) { event in
            event.kind == .checkpointSaved && (node == nil || event.node == node)
        }.reversed()
        let rows = events.map { event -> Table.Row in
            var progress = ""
            if case let .checkpoint(_, value) = event.detail { progress = ConsoleFormat.percent(value) }
            return Table.Row([
                Span(String(event.time.description.prefix(8)), style: theme.style(.muted)),
                Span(event.node.map { simulation.naming.name(of: $0) } ?? "", style: theme.style(.accent)),
                Span(event.task?.description ?? ""),
                Span(progress),
            ], style: theme.style(.text))
        }
        var table = Table(columns: [
            Table.Column("TIME", width: .length(8)),
            Table.Column("NODE", width: .length(simulation.naming.digits + 5)),
            Table.Column("TASK", width: .fill(1)),
            Table.Column("SAVED", width: .length(5), alignment: .right),
        ], rows: rows, headerStyle: theme.style(.title), highlightSymbol: nil)
        table.ellipsis = glyphs.ellipsis
        buffer.render(table, in: inner)
    }
}
