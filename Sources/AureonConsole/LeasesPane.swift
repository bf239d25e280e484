import AureonCluster
import AureonEngine
import AureonTUI

/// The leases a node holds: task, fencing token, deadline countdown and renewals.
struct LeasesPane: Widget {
    let model: ConsoleViewModel
    let node: NodeID?
    /// Selection and offset, clamped by the update step.
    let table: TableState
    let isFocused: Bool

    func render(in area: Rect, buffer: inout CellBuffer) {
        let theme = model.theme
        let glyphs = model.glyphs
        let simulation = model.simulation
        let name = node.map { simulation.naming.name(of: $0) } ?? "no node"
        let leases = node.map { simulation.heldLeases(of: $0.index) } ?? []
        let block = theme.block(title: "Leases of \(name) (\(leases.count))", isFocused: isFocused, glyphs: glyphs)
        buffer.render(block, in: area)
        let inner = block.inner(area)
        if let node, simulation.nodes[node.index].isKilled {
            buffer.put(" killed: its leases are left to expire in the queue", in: inner, row: 0, style: theme.style(.healthKilled))
            return
        }
        let now = simulation.now
        let columns = [
            Table.Column("TASK", width: .fill(1)),
            Table.Column("TOKEN", width: .length(5), alignment: .right),
            Table.Column("DEADLINE", width: .length(8)),
            Table.Column("RENEW", width: .length(5), alignment: .right),
            Table.Column("DONE", width: .length(4), alignment: .right),
        ]
        let widget = theme.table(columns: columns, rowCount: leases.count, glyphs: glyphs) { row in
            let held = leases[row]
            let remaining = held.lease.deadline - now
            return Table.Row([
                Span(simulation.taskID(for: held.task.task).description),
                Span("\(held.lease.token)", style: theme.style(.accent)),
                Span(remaining > .zero ? "in \(ConsoleFormat.age(remaining))" : "expired",
                     style: remaining < .seconds(5) ? theme.style(.warning) : theme.style(.text)),
                Span("\(held.lease.renewals)\(glyphs.times)"),
                Span(ConsoleFormat.percent(held.task.progress(at: now))),
            ], style: theme.style(.text))
        }
        var state = table
        widget.render(in: inner, buffer: &buffer, state: &state)
    }
}
