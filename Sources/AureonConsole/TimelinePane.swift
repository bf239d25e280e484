import AureonCluster
import AureonEngine
import AureonTUI

/// The timeline view: one lane per node, virtual time running left to right, each execution a
/// bar coloured by how it ended, fault periods shaded — so cause and effect can be read off:
/// partition → missed heartbeats → leases expire → shards resume elsewhere.
struct TimelinePane: Widget {
    let model: ConsoleViewModel
    /// Virtual time shown across the lanes (zoom: `z`/`Z`).
    let window: VirtualDuration
    /// How far before now the window ends (pan: `[`/`]`); zero follows the present.
    let panBack: VirtualDuration
    /// First node lane shown (scrolling), and the selected one.
    let firstLane: Int
    let selectedLane: Int?
    let isFocused: Bool
    /// The scrubber's moment (left/right move it, enter jumps there), nil when not scrubbing.
    var scrubCursor: VirtualTime?
    /// Causality analysis drawn over the lanes (its probability row replaces the legend).
    var causality: ConsoleCausality?

    static let nameWidth = 9

    private var theme: Theme { model.theme }
    private var glyphs: GlyphSet { model.glyphs }

    /// Which outcome wins a cell shared by several executions: the most telling one.
    static func rank(_ outcome: ExecutionTimeline.Outcome) -> Int {
        switch outcome {
        case .rejected: 6
        case .deadLettered: 5
        case .redelivered: 4
        case .failed: 3
        case .committed: 2
        case .running: 1
        }
    }

    /// Outcomes differ in glyph as well as colour, so the view reads in monochrome too.
    func glyph(for outcome: ExecutionTimeline.Outcome) -> Character {
        let unicode = glyphs.isUnicode
        switch outcome {
        case .committed: return glyphs.fullBlock
        case .running: return unicode ? "▓" : "="
        case .redelivered: return unicode ? "▒" : "~"
        case .rejected: return "x"
        case .failed: return "!"
        case .deadLettered: return "D"
        }
    }

    func style(for outcome: ExecutionTimeline.Outcome) -> CellStyle {
        switch outcome {
        case .running: theme.style(.shardLeased)
        case .committed: theme.style(.shardCommitted)
        case .redelivered: theme.style(.warning)
        case .rejected: theme.style(.error)
        case .failed: theme.style(.healthDraining)
        case .deadLettered: theme.style(.shardDeadLettered)
        }
    }

    func render(in area: Rect, buffer: inout CellBuffer) {
        let simulation = model.simulation
        let timeline = model.feed.timeline
        let dot = glyphs.separator
        let position = panBack == .zero ? "last \(window)" : "\(window) ending \(panBack) ago"
        let scrubber = scrubCursor.map { " \(dot) scrubber \(ConsoleApp.clock($0)) (enter jumps, esc drops)" } ?? ""
        let block = theme.block(title: "Timeline \(dot) \(position) \(dot) \(timeline.lanes.count) lanes \(dot) [ ] pan  z Z zoom\(scrubber)\(causalityTitle)",
                                isFocused: isFocused, glyphs: glyphs)
        buffer.render(block, in: area)
        let inner = block.inner(area)
        guard inner.width > Self.nameWidth + 4, inner.height >= 3 else { return }
        let columns = inner.width - Self.nameWidth - 1
        let present = simulation.now
        let now = present - panBack
        let start = now - window
        let microsPerColumn = max(1, window.microseconds / Int64(columns))
        func column(_ time: VirtualTime) -> Int { Int((time - start).microseconds / microsPerColumn) }

        let laneRows = inner.height - 2
        for row in 0..<laneRows {
            let laneIndex = firstLane + row
            guard laneIndex < timeline.lanes.count else { break }
            let y = inner.y + row
            let node = simulation.nodes[laneIndex]
            // A fault still in force shows on the name too: bars may cover its shading.
            let inForce = timeline.lanes[laneIndex].faults.contains { $0.end == nil }
            let nameStyle = laneIndex == selectedLane ? theme.style(.selection)
                : theme.style(node.isKilled ? .healthKilled : inForce ? .warning : .text)
            buffer.put(node.name.padded(toWidth: Self.nameWidth), x: inner.x, y: y, style: nameStyle, maxWidth: Self.nameWidth)
            var cells = [(Character, CellStyle, Int)](repeating: (" ", theme.style(.muted), 0), count: columns)
            var faulted = [Bool](repeating: false, count: columns)
            for fault in timeline.lanes[laneIndex].faults {
                let from = max(0, column(fault.start)), to = min(columns - 1, column(fault.end ?? now))
                guard from <= to else { continue }
                for x in from...to {
                    cells[x] = (Self.faultGlyph(fault.label, glyphs: glyphs), theme.style(.warning), 0)
                    faulted[x] = true
                }
            }
            for bar in timeline.lanes[laneIndex].bars {
                let from = max(0, column(bar.start)), to = min(columns - 1, column(bar.end ?? now))
                guard from <= to, (bar.end ?? now) >= start else { continue }
                let rank = Self.rank(bar.outcome)
                for x in from...to where rank > cells[x].2 { cells[x] = (glyph(for: bar.outcome), style(for: bar.outcome), rank) }
            }
            for (x, cell) in cells.enumerated() {
                // A fault period stays visible under a bar: the bar's cells are underlined.
                let style = faulted[x] && cell.2 > 0 ? cell.1.adding(.underline) : cell.1
                buffer.put(String(cell.0), x: inner.x + Self.nameWidth + 1 + x, y: y, style: style, maxWidth: 1)
            }
        }
        if let cursor = scrubCursor {
            // The scrubber: a column across the lanes at its moment (pinned to an edge when outside the window).
            let x = inner.x + Self.nameWidth + 1 + min(max(0, column(cursor)), columns - 1)
            let mark: Character = cursor > now ? (glyphs.isUnicode ? "▶" : ">") : cursor < start ? (glyphs.isUnicode ? "◀" : "<") : (glyphs.isUnicode ? "┃" : "|")
            for row in 0..<laneRows {
                buffer.put(String(mark), x: x, y: inner.y + row, style: theme.style(.accent).adding(.bold), maxWidth: 1)
            }
        }
        let axisY = inner.y + inner.height - 2
        renderTicks(y: axisY, x: inner.x + Self.nameWidth + 1, columns: columns, start: start, end: now, present: present, buffer: &buffer)
        if let causality {
            renderProbability(causality, y: axisY + 1, x: inner.x, columns: columns, time: { start + VirtualDuration(microseconds: microsPerColumn * Int64($0)) },
                              buffer: &buffer)
            return
        }
        var x = inner.x
        let outcomes: [(ExecutionTimeline.Outcome, String)] = [
            (.committed, "committed"), (.running, "running"), (.redelivered, "redelivered"), (.rejected, "rejected"),
            (.failed, "failed"), (.deadLettered, "dead_lettered"),
        ]
        let legend = outcomes.map { ($0.0, $0.1, style(for: $0.0)) }
        for (outcome, label, style) in legend {
            buffer.put(String(glyph(for: outcome)), x: x, y: axisY + 1, style: style, maxWidth: 1)
            buffer.put(" \(label)  ", x: x + 1, y: axisY + 1, style: theme.style(.text), maxWidth: inner.x + inner.width - x - 1)
            x += label.count + 3
        }
        buffer.put("fault (underlined under bars): p partition  s slow  f flaky  k clock_skew  c checkpoint_failures", x: x, y: axisY + 1,
                   style: theme.style(.warning), maxWidth: max(0, inner.x + inner.width - x))
    }

    /// The analysis' progress bar while it runs, then its verdict.
    private var causalityTitle: String {
        guard let causality else { return "" }
        let dot = glyphs.separator
        guard let report = causality.report else {
            let width = 12
            let filled = causality.itemsDone * width / max(1, causality.analysis.itemCount)
            let bar = String(repeating: glyphs.isUnicode ? "█" : "#", count: filled) + String(repeating: glyphs.isUnicode ? "░" : ".", count: width - filled)
            return " \(dot) causality \(bar) \(causality.itemsDone)/\(causality.analysis.itemCount) esc cancels"
        }
        return " \(dot) P(\(report.outcome)) inevitable " + (report.inevitableAt.map { "from \(ConsoleApp.clock($0))" } ?? "nowhere probed")
    }

    /// P(outcome) under every column: a level glyph per column from the latest moment analysed before it.
    private func renderProbability(_ causality: ConsoleCausality, y: Int, x: Int, columns: Int, time: (Int) -> VirtualTime,
                                   buffer: inout CellBuffer) {
        buffer.put("P(outcome)".padded(toWidth: Self.nameWidth + 1), x: x, y: y, style: theme.style(.accent).adding(.bold), maxWidth: Self.nameWidth + 1)
        let levels: [Character] = glyphs.isUnicode ? [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] : [" ", ".", ":", "-", "=", "+", "*", "#", "@"]
        for column in 0..<columns {
            guard let probability = causality.probability(at: time(column)) else { continue }
            let level = probability > 0 ? max(1, Int((probability * Double(levels.count - 1)).rounded())) : 0
            let style = probability >= causality.analysis.threshold ? theme.style(.error) : theme.style(.accent)
            buffer.put(String(levels[level]), x: x + Self.nameWidth + 1 + column, y: y, style: style, maxWidth: 1)
        }
    }

    /// Fault periods are shaded with their kind's letter, so two faults read apart under the bars.
    static func faultGlyph(_ kind: String, glyphs: GlyphSet) -> Character {
        switch kind {
        case "partition": "p"
        case "slow": "s"
        case "flaky": "f"
        case "clock_skew": "k"
        case "checkpoint_failures": "c"
        default: glyphs.emptyBlock
        }
    }

    /// Tick marks every ten columns or so, each labelled with its time before now.
    private func renderTicks(y: Int, x: Int, columns: Int, start: VirtualTime, end: VirtualTime, present: VirtualTime,
                             buffer: inout CellBuffer) {
        let spacing = 16
        let span = end - start
        var column = 0
        // Bounded by the lane width.
        while column < columns {
            let time = start + VirtualDuration(microseconds: span.microseconds * Int64(column) / Int64(max(1, columns)))
            let label = "|-" + ConsoleFormat.age(present - time)
            buffer.put(label, x: x + column, y: y, style: theme.style(.muted), maxWidth: min(spacing - 1, columns - column))
            column += spacing
        }
        let right = "now \(end)"
        if columns > right.count + spacing {
            buffer.put(right, x: x + columns - right.count, y: y, style: theme.style(.muted), maxWidth: right.count)
        }
    }
}
