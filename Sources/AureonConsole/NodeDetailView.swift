import AureonCluster
import AureonEngine
import AureonTUI

/// Enter on a node: its state and faults, heartbeat history, leases, checkpoints and events.
struct NodeDetailView {
    let model: ConsoleViewModel
    let node: NodeID
    let layout: ConsoleLayout
    let leaseTable: TableState
    let focus: Pane
    let eventFilter: String
    let eventScrollBack: Int

    func render(buffer: inout CellBuffer) {
        renderSummary(in: layout.detailSummary, buffer: &buffer)
        LeasesPane(model: model, node: node, table: leaseTable, isFocused: focus == .leases).render(in: layout.detailLeases, buffer: &buffer)
        CheckpointsPane(model: model, node: node).render(in: layout.detailCheckpoints, buffer: &buffer)
        EventsPane(model: model, node: node, filterText: eventFilter, scrollBack: eventScrollBack, isFocused: focus == .events)
            .render(in: layout.detailEvents, buffer: &buffer)
    }

    private func renderSummary(in area: Rect, buffer: inout CellBuffer) {
        let theme = model.theme
        let glyphs = model.glyphs
        let simulation = model.simulation
        let state = simulation.nodes[node.index]
        let view = simulation.coordinator.views[node.index]
        let health = simulation.displayedHealth(of: node.index)
        let block = theme.block(title: "Node \(state.name) (esc back)", isFocused: true, glyphs: glyphs)
        buffer.render(block, in: area)
        let inner = block.inner(area).inset(left: 1, right: 1)
        let muted = theme.style(.muted)
        Line([
            Span("\(health.symbol(glyphs)) \(health.name)", style: theme.style(health.slot).adding(.bold)),
            Span("  own view: \(state.health.rawValue)", style: muted),
            Span("  incarnation \(state.incarnation)  role \(state.role.rawValue)", style: theme.style(.text)),
            Span("  slots \(state.activeCount)/\(state.maxConcurrency)  leases \(simulation.heldLeases(of: node.index).count)  completed \(state.completedCount)",
                 style: theme.style(.text)),
        ]).render(in: Rect(x: inner.x, y: inner.y, width: inner.width, height: 1), buffer: &buffer)

        // The same names as the fault panel and the event stream.
        let faultText = model.faults.filter { $0.node == node && $0.kind != "killed" }.map { "\($0.kind) \($0.detail)" }
        buffer.put("faults: " + (faultText.isEmpty ? "none" : faultText.joined(separator: ", ")), in: inner, row: 1,
                   style: faultText.isEmpty ? muted : theme.style(.warning))

        // Heartbeat history: the gaps between the last beats, as a sparkline and in words.
        let beats = view.heartbeatHistory
        let gaps = zip(beats.dropFirst(), beats).map { ($0 - $1).seconds }
        let age = simulation.now - view.lastHeartbeat
        var heartbeat: [Span] = [
            Span("heartbeat \(age < simulation.configuration.unresponsiveAfter && !state.isKilled ? glyphs.heart : glyphs.heartEmpty) \(ConsoleFormat.age(age)) ago",
                 style: theme.style(.text)),
            Span("  history (\(beats.count) beats, gaps) ", style: muted),
        ]
        let sparkline = Sparkline(values: gaps, maximum: simulation.configuration.unresponsiveAfter.seconds, glyphs: glyphs).string()
        heartbeat.append(Span(sparkline, style: theme.style(.accent)))
        if let mean = gaps.isEmpty ? nil : gaps.reduce(0, +) / Double(gaps.count) {
            heartbeat.append(Span("  mean gap \(ConsoleFormat.oneDecimal(mean))s", style: muted))
        }
        Line(heartbeat).render(in: Rect(x: inner.x, y: inner.y + 2, width: inner.width, height: 1), buffer: &buffer)
        let recent = beats.suffix(6).reversed().map { "-" + ConsoleFormat.age(simulation.now - $0) }
        buffer.put("last beats: " + recent.joined(separator: " "), in: inner, row: 3, style: muted)
    }
}
