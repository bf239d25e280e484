import AureonCluster
import AureonEngine
import AureonTUI

/// The two status rows: clock, speed, run state, seed, node health counts and invariants on
/// the first; queue depths, the commit-rate sparkline and the theme on the second.
struct StatusBarView: Widget {
    let app: ConsoleApp

    func render(in area: Rect, buffer: inout CellBuffer) {
        let theme = app.settings.theme
        let glyphs = app.settings.glyphs
        let simulation = app.simulation
        let bar = theme.style(.statusBar)
        let separator = Span(" \(glyphs.separator) ", style: theme.style(.muted).background(bar.background))
        let pointer = " \(glyphs.pointer) "
        let rows = area.splitVertically([.length(1), .length(1)])

        var counts = Array(repeating: 0, count: DisplayedHealth.allCases.count)
        // One pass over the nodes per frame: O(nodes) without hashing, cheap even at 100 000.
        for index in simulation.nodes.indices { counts[simulation.displayedHealth(of: index).rawValue] += 1 }
        var first: [Span] = [
            Span(" AUREON", style: theme.style(.accent).adding(.bold)),
            Span("\(pointer)seed \(simulation.configuration.seed)\(pointer)t \(simulation.now)\(pointer)"),
            Span(ConsoleFormat.speed(app.pacer.speed, glyphs: glyphs) + " ", style: theme.style(.accent)),
            app.pacer.isPaused
                ? Span(glyphs.isUnicode ? "‖ paused" : "|| paused", style: theme.style(.warning).adding(.bold))
                : Span(glyphs.isUnicode ? "▶ running" : "> running", style: theme.style(.success)),
        ]
        if app.pacer.isBehind {
            first.append(Span(" (behind: cannot keep up)", style: theme.style(.warning).adding(.bold)))
        }
        first.append(separator)
        first.append(Span("nodes "))
        var shownAny = false
        for health in DisplayedHealth.allCases {
            let count = counts[health.rawValue]
            guard count > 0 || health == .healthy else { continue }
            if shownAny { first.append(Span(" ")) }
            first.append(Span("\(count) \(health.symbol(glyphs)) \(health.name)", style: theme.style(health.slot)))
            shownAny = true
        }
        let invariants: Span = simulation.checker.holds
            ? Span("invariants \(glyphs.check)", style: theme.style(.success))
            : Span("invariants \(glyphs.cross) \(simulation.checker.violationCount)", style: theme.style(.error).adding(.bold))
        StatusLine(left: first, right: [invariants, Span(" ")], style: bar).render(in: rows[0], buffer: &buffer)

        let queue = simulation.queue
        let dot = Span(glyphs.isUnicode ? " · " : ", ")
        let second: [Span] = [
            Span(" queue "),
            Span("\(queue.readyTotal) ready", style: theme.style(.text)), dot,
            Span("\(queue.leasedTotal) leased", style: theme.style(.shardLeased)), dot,
            Span("\(queue.delayedTotal) delayed", style: theme.style(.muted)), dot,
            Span("\(queue.deadLetteredTotal) dead-lettered", style: queue.deadLetteredTotal > 0 ? theme.style(.error) : theme.style(.muted)),
            separator,
            Span("commits/s "),
        ]
        StatusLine(left: second, right: [Span("theme: \(app.settings.themeName) ", style: theme.style(.muted))], style: bar)
            .render(in: rows[1], buffer: &buffer)
        // The sparkline goes right after the label, as wide as the space before the theme name allows.
        let labelEnd = rows[1].x + second.reduce(0) { $0 + $1.width }
        let rate = " " + ConsoleFormat.oneDecimal(app.commitRates.latest)
        let themeWidth = DisplayWidth.of("theme: \(app.settings.themeName) ") + 1
        let sparkWidth = min(24, rows[1].maxX - labelEnd - themeWidth - DisplayWidth.of(rate))
        guard sparkWidth > 0 else { return }
        let values = app.commitRates.rates
        let sparkArea = Rect(x: labelEnd, y: rows[1].y, width: min(sparkWidth, max(1, values.count)), height: 1)
        Sparkline(values: values, style: theme.style(.accent).background(bar.background), glyphs: glyphs).render(in: sparkArea, buffer: &buffer)
        buffer.put(rate, x: sparkArea.maxX, y: rows[1].y, style: bar.patched(with: theme.style(.text).background(bar.background)),
                   maxWidth: rows[1].maxX - sparkArea.maxX)
    }
}
