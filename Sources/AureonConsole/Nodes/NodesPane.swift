import AureonCluster
import AureonEngine
import AureonTUI

/// The nodes table: health as the coordinator believes it, the faults actually in force beside
/// it, slots in use, valid leases, heartbeat age, completed, and (on wide screens) task ids.
/// Asks for only the rows that fit, so 100 000 nodes cost what 30 do.
struct NodesPane: Widget {
    let model: ConsoleViewModel
    /// Selection and scroll offset, already clamped by the update step.
    let table: TableState
    let filter: NodeFilter
    let sort: NodeSort
    let marks: Set<Int>
    let columns: NodeColumns
    let isFocused: Bool

    func render(in area: Rect, buffer: inout CellBuffer) {
        let theme = model.theme
        let glyphs = model.glyphs
        let simulation = model.simulation
        let list = model.listed
        let total = simulation.nodes.count
        var title = filter.isActive ? "Nodes \(list.count)/\(total) matching \"\(filter.text)\"" : "Nodes (\(total))"
        if !marks.isEmpty { title += " \(glyphs.separator) \(marks.count) marked" }
        let block = theme.block(title: title, isFocused: isFocused, glyphs: glyphs)
        buffer.render(block, in: area)
        let inner = block.inner(area)
        let nameWidth = max(4, simulation.naming.digits + 5)
        let shown = columns.columns
        let tableColumns = shown.map { column -> Table.Column in
            let width = columns.width(of: column, nameWidth: nameWidth)
            // The sorted column carries an arrow (ASCII frames turn it into ^ or v).
            let title = header(column) + (sort.key.column == column && !sort.isNatural ? (sort.isDescending ? "↓" : "↑") : "")
            switch column {
            case .tasks: return Table.Column(title, width: .fill(1))
            case .slots, .leases, .done: return Table.Column(title, width: .length(width), alignment: .right)
            default: return Table.Column(title, width: .length(width))
            }
        }
        let now = model.now
        let stale = simulation.configuration.unresponsiveAfter
        let narrow = columns == .narrow
        var widget = theme.table(columns: tableColumns, rowCount: list.count, glyphs: glyphs) { row in
            let index = list[row]
            let node = simulation.nodes[index]
            let health = model.health(of: index)
            let badges = model.badges[index] ?? []
            let age = now - simulation.coordinator.views[index].lastHeartbeat
            let beating = !node.isKilled && age < stale
            let heart = beating ? glyphs.heart : glyphs.heartEmpty
            let muted = health == .dead || health == .killed
            let cells = shown.map { column -> Span in
                switch column {
                case .node: return Span((marks.contains(index) ? "*" : "") + node.name,
                                        style: marks.contains(index) ? theme.style(.accent).adding(.bold) : .plain)
                case .health:
                    return Span("\(health.symbol(glyphs)) \(narrow ? health.shortName : health.name)", style: theme.style(health.slot))
                case .faults:
                    let slow = node.faults.slowFactor != 1 ? "\(glyphs.times)\(ConsoleFormat.compact(node.faults.slowFactor))" : nil
                    let text = columns == .wide || columns == .full ? badges.text(slowFactor: slow) : badges.letters
                    return Span(text, style: theme.style(.warning))
                case .slots: return Span("\(node.activeCount)/\(node.maxConcurrency)")
                case .leases: return Span("\(simulation.heldLeases(of: index).count)")
                case .heartbeat:
                    return Span(narrow ? "\(heart)\(ConsoleFormat.age(age))" : "\(heart) \(ConsoleFormat.age(age))",
                                style: beating ? theme.style(.text) : theme.style(.warning))
                case .done: return Span("\(node.completedCount)")
                case .tasks:
                    let tasks = node.slots.compactMap { $0.map { simulation.taskID(for: $0.task).description } }
                    return Span(tasks.joined(separator: " "), style: theme.style(.muted))
                }
            }
            return Table.Row(cells, style: muted ? theme.style(.muted) : theme.style(.text))
        }
        widget.ellipsis = glyphs.ellipsis
        // A copy: the update step already scrolled the selection into view.
        var state = self.table
        widget.render(in: inner, buffer: &buffer, state: &state)
        if list.count == 0 {
            buffer.put("no node matches \"\(filter.text)\" (esc clears)", in: inner, row: 1, column: 1, style: theme.style(.muted))
        }
    }

    private func header(_ column: NodeColumns.Column) -> String {
        let narrow = columns == .narrow
        switch column {
        case .node: return "NODE"
        case .health: return "HEALTH"
        case .faults: return columns == .wide || columns == .full ? "FAULTS" : "FLT"
        case .slots: return narrow ? "SL" : "SLOTS"
        case .leases: return "LEASES"
        case .heartbeat: return narrow ? "BEAT" : "HEARTBEAT"
        case .done: return "DONE"
        case .tasks: return "TASKS"
        }
    }
}
