import AureonTUI

/// The live console's two status rows, in the simulated console's style: the LIVE badge,
/// where the cluster is, whether the database answers, and node health counts on the first;
/// the queue by shard state, events seen and the theme on the second.
struct LiveStatusBar: Widget {
    let cluster: LiveClusterView
    let location: String
    let themeLabel: String
    let theme: Theme
    let glyphs: GlyphSet

    func render(in area: Rect, buffer: inout CellBuffer) {
        let bar = theme.style(.statusBar)
        let rows = area.splitVertically([.length(1), .length(1)])
        let pointer = " \(glyphs.pointer) "
        var left: [Span] = [
            Span(" AUREON", style: theme.style(.accent).adding(.bold)),
            Span(" ", style: bar),
            Span(" LIVE ", style: theme.style(.success).adding([.bold, .reverse])),
            Span("\(pointer)\(location)\(pointer)", style: bar),
        ]
        switch cluster.connection {
        case .connecting: left.append(Span("connecting…", style: theme.style(.warning)))
        case .connected: left.append(Span(glyphs.isUnicode ? "● connected" : "* connected", style: theme.style(.success)))
        case .reconnecting: left.append(Span("database unreachable — reconnecting…", style: theme.style(.error).adding(.bold)))
        }
        left.append(separator)
        left.append(Span("nodes ", style: bar))
        let counts = cluster.healthCounts
        var shownAny = false
        for health in DisplayedHealth.allCases where counts[health.rawValue] > 0 || health == .healthy {
            if shownAny { left.append(Span(" ", style: bar)) }
            left.append(Span("\(counts[health.rawValue]) \(health.symbol(glyphs)) \(health.name)", style: theme.style(health.slot)))
            shownAny = true
        }
        StatusLine(left: left.map(onBar), right: [Span("wall clock ", style: bar)], style: bar).render(in: rows[0], buffer: &buffer)

        let totals = cluster.totals
        let dot = Span(glyphs.isUnicode ? " · " : ", ", style: bar)
        let second: [Span] = [
            Span(" queue ", style: bar),
            Span("\(totals.ready) ready", style: bar), dot,
            Span("\(totals.leased) leased", style: theme.style(.shardLeased)), dot,
            Span("\(totals.committed) committed", style: theme.style(.shardCommitted)), dot,
            Span("\(totals.deadLettered) dead_lettered", style: totals.deadLettered > 0 ? theme.style(.error) : bar),
            separator,
            Span("events \(cluster.eventsSeen)", style: bar),
        ]
        StatusLine(left: second.map(onBar), right: [Span("theme: \(themeLabel) ", style: bar)], style: bar).render(in: rows[1], buffer: &buffer)
    }

    private var separator: Span { Span(" \(glyphs.separator) ", style: theme.style(.statusBar)) }

    /// A span moved onto the bar's background, keeping its colour and emphasis.
    private func onBar(_ span: Span) -> Span {
        Span(span.text, style: span.style.background(theme.style(.statusBar).background))
    }
}
