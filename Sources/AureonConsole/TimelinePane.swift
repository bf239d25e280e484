import AureonCluster
import AureonEngine
import AureonTUI

/// The timeline view: one lane per node, virtual time running left to right, each execution a
/// bar coloured by how it ended, fault periods shaded — so cause and effect can be read off:
/// partition → missed heartbeats → leases expire → shards resume elsewhere.
struct TimelinePane: Widget {
    let timeline: ExecutionTimeline
    let simulation: ClusterSimulation
    let theme: Theme
    let glyphs: GlyphSet
    /// Virtual time shown across the lanes, ending now.
    let window: VirtualDuration
    /// First node lane shown (scrolling), and the selected one.
    let firstLane: Int
    let selectedLane: Int?
    let isFocused: Bool

    static let nameWidth = 9

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
        let dot = glyphs.separator
        let block = theme.block(title: "Timeline \(dot) last \(window) \(dot) \(timeline.lanes.count) lanes", isFocused: isFocused, glyphs: glyphs)
        buffer.render(block, in: area)
        let inner = block.inner(area)
        guard inner.width > Self.nameWidth + 4, inner.height >= 3 else { return }
        let columns = inner.width - Self.nameWidth - 1
        let now = simulation.now
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
            let faulted = timeline.lanes[laneIndex].faults.contains { $0.end == nil }
            let nameStyle = laneIndex == selectedLane ? theme.style(.selection)
                : theme.style(node.isKilled ? .healthKilled : faulted ? .warning : .text)
            buffer.put(node.name.padded(toWidth: Self.nameWidth), x: inner.x, y: y, style: nameStyle, maxWidth: Self.nameWidth)
            var cells = [(Character, CellStyle, Int)](repeating: (" ", theme.style(.muted), 0), count: columns)
            for fault in timeline.lanes[laneIndex].faults {
                let from = max(0, column(fault.start)), to = min(columns - 1, column(fault.end ?? now))
                guard from <= to else { continue }
                for x in from...to { cells[x] = (glyphs.emptyBlock, theme.style(.warning), 0) }
            }
            for bar in timeline.lanes[laneIndex].bars {
                let from = max(0, column(bar.start)), to = min(columns - 1, column(bar.end ?? now))
                guard from <= to, (bar.end ?? now) >= start else { continue }
                let rank = Self.rank(bar.outcome)
                for x in from...to where rank > cells[x].2 { cells[x] = (glyph(for: bar.outcome), style(for: bar.outcome), rank) }
            }
            for (x, cell) in cells.enumerated() {
                buffer.put(String(cell.0), x: inner.x + Self.nameWidth + 1 + x, y: y, style: cell.1, maxWidth: 1)
            }
        }
        let axisY = inner.y + inner.height - 2
        let left = "-\(window)", right = "now \(now)"
        buffer.put(left, x: inner.x + Self.nameWidth + 1, y: axisY, style: theme.style(.muted), maxWidth: columns)
        buffer.put(right, x: inner.x + inner.width - right.count, y: axisY, style: theme.style(.muted), maxWidth: right.count)
        var x = inner.x
        let outcomes: [(ExecutionTimeline.Outcome, String)] = [
            (.committed, "committed"), (.running, "running"), (.redelivered, "redelivered"), (.rejected, "rejected"),
            (.failed, "failed"), (.deadLettered, "dead-lettered"),
        ]
        let legend = outcomes.map { ($0.0, $0.1, style(for: $0.0)) }
        for (outcome, label, style) in legend {
            buffer.put(String(glyph(for: outcome)), x: x, y: axisY + 1, style: style, maxWidth: 1)
            buffer.put(" \(label)  ", x: x + 1, y: axisY + 1, style: theme.style(.text), maxWidth: inner.x + inner.width - x - 1)
            x += label.count + 3
        }
        buffer.put("\(glyphs.emptyBlock) fault", x: x, y: axisY + 1, style: theme.style(.warning), maxWidth: max(0, inner.x + inner.width - x))
    }
}
