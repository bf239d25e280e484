import AureonEngine
import AureonPostgres
import AureonTUI

/// The live nodes table: health as the database holds it, incarnation, leases held now,
/// shards committed, heartbeat age (by the database's clock), pid and host, and which
/// processes this console started or froze.
struct LiveNodesPane: Widget {
    let nodes: [LiveNodeRow]
    let table: TableState
    /// Names this console started (kill is SIGKILL, pause works).
    let started: Set<String>
    /// Frozen nodes and the wall time until their SIGCONT.
    let frozen: [String: Duration]
    /// Nodes cut off from the database, and the wall time until they heal.
    let partitioned: [String: Duration]
    /// Silence past which the heartbeat shows as missed.
    let staleMicros: Int64
    let theme: Theme
    let glyphs: GlyphSet
    let isFocused: Bool

    func render(in area: Rect, buffer: inout CellBuffer) {
        let block = theme.block(title: "Nodes (\(nodes.count))", isFocused: isFocused, glyphs: glyphs)
        buffer.render(block, in: area)
        let inner = block.inner(area)
        let columns = [
            Table.Column("NODE", width: .length(max(8, (nodes.map { $0.name.count }.max() ?? 0) + 1))),
            Table.Column("INC", width: .length(4), alignment: .right),
            Table.Column("HEALTH", width: .length(14)),
            Table.Column("LEASES", width: .length(6), alignment: .right),
            Table.Column("COMMITTED", width: .length(9), alignment: .right),
            Table.Column("HEARTBEAT", width: .length(10)),
            Table.Column("PID", width: .length(8), alignment: .right),
            Table.Column("PROCESS", width: .fill(1)),
        ]
        var widget = theme.table(columns: columns, rowCount: nodes.count, glyphs: glyphs) { row in
            let node = nodes[row]
            let health = DisplayedHealth(isKilled: false, believed: node.health)
            let beating = node.silenceMicros < staleMicros && health != .dead
            let heart = beating ? glyphs.heart : glyphs.heartEmpty
            let process: String
            if let left = frozen[node.name] {
                process = "paused, SIGCONT in \(ConsoleFormat.age(VirtualDuration(microseconds: left.microsecondsRoundedUp)))"
            } else if let left = partitioned[node.name] {
                process = "partitioned, heals in \(ConsoleFormat.age(VirtualDuration(microseconds: left.microsecondsRoundedUp)))"
            } else if started.contains(node.name) {
                process = "started here" + (node.host.map { " on \($0)" } ?? "")
            } else {
                process = node.host.map { "on \($0)" } ?? ""
            }
            let cells = [
                Span(node.name),
                Span("\(node.incarnation)"),
                Span("\(health.symbol(glyphs)) \(health.name)", style: theme.style(health.slot)),
                Span("\(node.leases)"),
                Span("\(node.committed)"),
                Span("\(heart) \(ConsoleFormat.age(VirtualDuration(microseconds: node.silenceMicros)))",
                     style: beating ? theme.style(.text) : theme.style(.warning)),
                Span(node.pid.map { "\($0)" } ?? "-"),
                Span(process, style: frozen[node.name] != nil || partitioned[node.name] != nil ? theme.style(.warning).adding(.bold) : theme.style(.muted)),
            ]
            return Table.Row(cells, style: health == .dead ? theme.style(.muted) : theme.style(.text))
        }
        widget.ellipsis = glyphs.ellipsis
        var state = table
        widget.render(in: inner, buffer: &buffer, state: &state)
        if nodes.isEmpty {
            buffer.put(" no node has joined yet", x: inner.x, y: inner.y + 1, style: theme.style(.muted), maxWidth: inner.width)
        }
    }
}

extension Duration {
    /// Whole microseconds, rounded up so a countdown reaches 0 only when it is over.
    var microsecondsRoundedUp: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000 + (attoseconds + 999_999_999_999) / 1_000_000_000_000
    }
}
