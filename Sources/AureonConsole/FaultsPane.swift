import AureonCluster
import AureonEngine
import AureonTUI

/// Faults in force, with the time each has left: what the trainee is up against right now.
struct FaultsPane: Widget {
    let model: ConsoleViewModel
    let isFocused: Bool

    func render(in area: Rect, buffer: inout CellBuffer) {
        let theme = model.theme
        let glyphs = model.glyphs
        let simulation = model.simulation
        let faults = model.faults
        let block = theme.block(title: "Faults (\(faults.count))", isFocused: isFocused, glyphs: glyphs)
        buffer.render(block, in: area)
        let inner = block.inner(area)
        guard inner.width > 0, inner.height > 0 else { return }
        if faults.isEmpty {
            buffer.put(" none \(glyphs.separator) p partition  w slow  f flaky  c chaos", in: inner, row: 0, style: theme.style(.muted))
            return
        }
        let naming = simulation.naming
        // Columns as wide as what they hold, time left before the detail: it matters more.
        let kindWidth = (faults.map(\.kind.count).max() ?? 0) + 1
        let targetWidth = max(8, naming.digits + 5) + 1
        for (row, fault) in faults.prefix(inner.height).enumerated() {
            let target = fault.node.map { naming.name(of: $0) } ?? "cluster"
            let left = fault.endsAt.map { $0 > simulation.now ? "ends in \($0 - simulation.now)" : "ending" } ?? "until cleared"
            let line = " " + fault.kind.padded(toWidth: kindWidth) + target.padded(toWidth: targetWidth) + left.padded(toWidth: 15) + fault.detail
            let style = fault.kind == "killed" ? theme.style(.healthKilled) : theme.style(.warning)
            buffer.put(line, in: inner, row: row, style: style)
        }
        if faults.count > inner.height {
            buffer.put(" +\(faults.count - inner.height + 1) more", in: inner, row: inner.height - 1, style: theme.style(.muted))
        }
    }
}
