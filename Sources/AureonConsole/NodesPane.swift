import AureonCluster
import AureonEngine
import AureonTUI

/// The nodes table: health in colour, slots in use, valid leases, heartbeat age, completed.
/// Asks for only the rows that fit, so 100 000 nodes cost what 30 do.
struct NodesPane: Widget {
    let app: ConsoleApp

    func render(in area: Rect, buffer: inout CellBuffer) {
        let theme = app.settings.theme
        let glyphs = app.settings.glyphs
        let simulation = app.simulation
        let list = app.listedNodes
        let total = simulation.nodes.count
        let title = app.nodeFilter.isEmpty ? "Nodes (\(total))" : "Nodes (\(list.count)/\(total) matching \"\(app.nodeFilter)\")"
        let block = theme.block(title: title, isFocused: app.focus == .nodes && app.detailNode == nil, glyphs: glyphs)
        buffer.render(block, in: area)
        let inner = block.inner(area)
        app.hitAreas.nodesTable = inner
        let nameWidth = max(4, simulation.naming.name(of: NodeID(max(0, total - 1))).count)
        let columns = [
            Table.Column("NODE", width: .length(nameWidth)),
            Table.Column("HEALTH", width: .length(14)),
            Table.Column("SLOTS", width: .length(5), alignment: .right),
            Table.Column("LEASES", width: .length(6), alignment: .right),
            Table.Column("HEARTBEAT", width: .length(10)),
            Table.Column("DONE", width: .min(4), alignment: .right),
        ]
        let now = simulation.now
        let stale = simulation.configuration.unresponsiveAfter
        let table = theme.table(columns: columns, rowCount: list.count, glyphs: glyphs) { row in
            let index = list[row]
            let node = simulation.nodes[index]
            let view = simulation.coordinator.views[index]
            let health = simulation.displayedHealth(of: index)
            let age = now - view.lastHeartbeat
            let beating = !node.isKilled && age < stale
            let heartbeat = "\(beating ? glyphs.heart : glyphs.heartEmpty) \(ConsoleFormat.age(age))"
            let muted = health == .dead || health == .killed
            return Table.Row([
                Span(node.name),
                Span("\(health.symbol(glyphs)) \(health.name)", style: theme.style(health.slot)),
                Span("\(node.activeCount)/\(node.maxConcurrency)"),
                Span("\(simulation.heldLeases(of: index).count)"),
                Span(heartbeat, style: beating ? theme.style(.text) : theme.style(.warning)),
                Span("\(node.completedCount)"),
            ], style: muted ? theme.style(.muted) : theme.style(.text))
        }
        table.render(in: inner, buffer: &buffer, state: &app.nodeTable)
        if list.count == 0 {
            buffer.put("no node matches \"\(app.nodeFilter)\" (esc clears)", in: inner, row: 1, column: 1, style: theme.style(.muted))
        }
    }
}
