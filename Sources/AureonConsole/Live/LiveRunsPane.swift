import AureonPostgres
import AureonTUI

/// The live runs: one progress bar per run (committed of all shards), with its shards by
/// state and how many were delivered more than once.
struct LiveRunsPane: Widget {
    let runs: [LiveRunRow]
    let theme: Theme
    let glyphs: GlyphSet

    func render(in area: Rect, buffer: inout CellBuffer) {
        let block = theme.block(title: "Runs (\(runs.count))", isFocused: false, glyphs: glyphs)
        buffer.render(block, in: area)
        let inner = block.inner(area).inset(left: 1, right: 1)
        guard !inner.isEmpty else { return }
        if runs.isEmpty {
            buffer.put("no run scheduled yet", in: inner, style: theme.style(.muted))
            return
        }
        let nameWidth = min(24, (runs.map { $0.name.count }.max() ?? 0) + 1)
        // The newest runs that fit, oldest of them first.
        for (row, run) in runs.suffix(inner.height).enumerated() {
            let y = inner.y + row
            buffer.put(run.name, x: inner.x, y: y, style: theme.style(.text), maxWidth: nameWidth)
            let fraction = run.total == 0 ? 0 : Double(run.committed) / Double(run.total)
            let dot = glyphs.isUnicode ? " · " : ", "
            let label = "\(ProgressBar.percentText(fraction))  \(run.committed)/\(run.total) committed\(dot)\(run.leased) leased\(dot)"
                + "\(run.ready) ready\(dot)\(run.deadLettered) dead_lettered\(dot)\(run.redelivered) redelivered"
            let bar = ProgressBar(fraction: fraction, label: label, fillStyle: theme.style(.progressFill),
                                  emptyStyle: theme.style(.progressEmpty), labelStyle: theme.style(.text), glyphs: glyphs, minimumBarWidth: 10)
            bar.render(in: Rect(x: inner.x + nameWidth, y: y, width: max(0, inner.width - nameWidth), height: 1), buffer: &buffer)
        }
    }
}
