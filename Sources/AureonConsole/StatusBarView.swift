import AureonCluster
import AureonEngine
import AureonTUI

/// The two status rows: clock, speed, run state, node health counts and invariants on the
/// first; queue depths, the commit-rate sparkline and the theme on the second.
///
/// Everything sits on the bar's own background (a value drawn on the page background makes
/// the bar patchy in light themes). When the row is short, detail goes before the health
/// counts: the seed first, then the health names (the counts keep their symbols).
struct StatusBarView: Widget {
    let model: ConsoleViewModel
    let speed: Double
    let isPaused: Bool
    let isBehind: Bool
    let commitRates: CommitRateHistory

    /// How much of the first row to spell out, most first.
    private enum Detail: CaseIterable { case full, noSeed, compact, minimal }

    func render(in area: Rect, buffer: inout CellBuffer) {
        let theme = model.theme
        let bar = theme.style(.statusBar)
        let rows = area.splitVertically([.length(1), .length(1)])
        for detail in Detail.allCases {
            let (left, right) = firstRow(detail)
            let width = (left + right).reduce(0) { $0 + $1.width } + 1
            if width <= rows[0].width || detail == .minimal {
                StatusLine(left: left.map(onBar), right: right.map(onBar), style: bar).render(in: rows[0], buffer: &buffer)
                break
            }
        }
        renderSecondRow(in: rows[1], buffer: &buffer)
    }

    /// A span moved onto the bar's background, keeping its colour and emphasis.
    private func onBar(_ span: Span) -> Span {
        Span(span.text, style: span.style.background(model.theme.style(.statusBar).background))
    }

    private var separator: Span {
        Span(" \(model.glyphs.separator) ", style: model.theme.style(.statusBar))
    }

    private func firstRow(_ detail: Detail) -> (left: [Span], right: [Span]) {
        let theme = model.theme
        let glyphs = model.glyphs
        let simulation = model.simulation
        let pointer = " \(glyphs.pointer) "
        let bar = theme.style(.statusBar)
        var left: [Span] = [Span(detail == .minimal ? " A" : " AUREON", style: theme.style(.accent).adding(.bold))]
        if model.isReplay { left.append(Span(" REPLAY ", style: theme.style(.warning).adding([.bold, .reverse]))) }
        let clock = detail == .compact || detail == .minimal ? String(simulation.now.description.prefix(8)) : simulation.now.description
        let seed = detail == .full ? "\(pointer)seed \(simulation.configuration.seed)" : ""
        if let history = model.history, history.isInPast {
            // "⏪ 00:02:30 of 00:05:10 · branch main": the moment shown, the branch's present.
            left.append(Span("\(seed)\(pointer)", style: bar))
            let rewind = glyphs.isUnicode ? "⏪" : "<<"
            let dot = glyphs.isUnicode ? "·" : "-"
            left.append(Span("\(rewind) \(ConsoleApp.clock(simulation.now)) of \(ConsoleApp.clock(history.present)) \(dot) branch \(history.branch)",
                             style: theme.style(.warning).adding(.bold)))
            left.append(Span(pointer, style: bar))
        } else if let history = model.history, history.branchCount > 1 {
            left.append(Span("\(seed)\(pointer)t \(clock) \(glyphs.isUnicode ? "·" : "-") branch \(history.branch)\(pointer)", style: bar))
        } else {
            left.append(Span("\(seed)\(pointer)t \(clock)\(pointer)", style: bar))
        }
        left.append(Span(ConsoleFormat.speed(speed, glyphs: glyphs) + " ", style: theme.style(.accent)))
        let state: Span
        if model.isHeldByDialog {
            state = Span(glyphs.isUnicode ? "‖ held by dialog" : "|| held by dialog", style: theme.style(.warning).adding(.bold))
        } else if isPaused {
            state = Span(glyphs.isUnicode ? "‖ paused" : "|| paused", style: theme.style(.warning).adding(.bold))
        } else {
            state = Span(glyphs.isUnicode ? "▶ running" : "> running", style: theme.style(.success))
        }
        left.append(state)
        if isBehind {
            left.append(Span(detail == .full ? " (behind: cannot keep up)" : " behind", style: theme.style(.warning).adding(.bold)))
        }
        left.append(separator)
        left.append(Span(detail == .minimal ? "" : "nodes ", style: bar))
        var shownAny = false
        for health in DisplayedHealth.allCases {
            let count = model.healthCounts[health.rawValue]
            guard count > 0 || health == .healthy else { continue }
            if shownAny { left.append(Span(" ", style: bar)) }
            let text = detail == .full || detail == .noSeed ? "\(count) \(health.symbol(glyphs)) \(health.name)" : "\(count)\(health.symbol(glyphs))"
            left.append(Span(text, style: theme.style(health.slot)))
            shownAny = true
        }
        let label = detail == .minimal ? "" : "invariants "
        let invariants: Span = simulation.checker.holds
            ? Span("\(label)\(glyphs.check)", style: theme.style(.success))
            : Span("\(label)\(glyphs.cross) \(simulation.checker.violationCount)", style: theme.style(.error).adding(.bold))
        return (left, [invariants, Span(" ", style: bar)])
    }

    private func renderSecondRow(in row: Rect, buffer: inout CellBuffer) {
        let theme = model.theme
        let glyphs = model.glyphs
        let bar = theme.style(.statusBar)
        let queue = model.simulation.queue
        let dot = Span(glyphs.isUnicode ? " · " : ", ", style: bar)
        // Below 100 columns the words shrink so the sparkline and the theme still fit.
        let narrow = row.width < 100
        let second: [Span] = [
            Span(narrow ? " " : " queue ", style: bar),
            Span("\(queue.readyTotal) ready", style: bar), dot,
            Span("\(queue.leasedTotal) leased", style: theme.style(.shardLeased)), dot,
            Span(narrow ? "\(queue.delayedTotal) dly" : "\(queue.delayedTotal) delayed", style: bar), dot,
            Span(narrow ? "\(queue.deadLetteredTotal) dlq" : "\(queue.deadLetteredTotal) dead_lettered",
                 style: queue.deadLetteredTotal > 0 ? theme.style(.error) : bar),
            separator,
            Span(narrow ? "c/s " : "commits/s ", style: bar),
        ].map(onBar)
        let themeText = "theme: \(model.themeLabel) "
        StatusLine(left: second, right: [Span(themeText, style: bar)], style: bar).render(in: row, buffer: &buffer)
        // The sparkline goes right after the label, as wide as the space before the theme name allows.
        let labelEnd = row.x + second.reduce(0) { $0 + $1.width }
        let rate = " " + ConsoleFormat.oneDecimal(commitRates.latest)
        let themeWidth = DisplayWidth.of(themeText) + 1
        let sparkWidth = min(24, row.maxX - labelEnd - themeWidth - DisplayWidth.of(rate))
        guard sparkWidth > 0 else { return }
        let values = commitRates.rates
        let sparkArea = Rect(x: labelEnd, y: row.y, width: min(sparkWidth, max(1, values.count)), height: 1)
        // Patched onto the bar so it keeps the bar's emphasis (reverse without colour).
        Sparkline(values: values, style: bar.patched(with: theme.style(.accent).background(bar.background)), glyphs: glyphs)
            .render(in: sparkArea, buffer: &buffer)
        buffer.put(rate, x: sparkArea.maxX, y: row.y, style: bar, maxWidth: row.maxX - sparkArea.maxX)
    }
}
