import AureonCluster
import AureonEngine
import AureonScenario
import AureonTUI

/// The branch list (`B`): name, fork point, parent and outcome so far, the current branch
/// marked. Reads the tree only.
struct BranchListView: Widget {
    let tree: BranchTree
    let current: String
    let selected: Int
    let theme: Theme
    let glyphs: GlyphSet

    func render(in area: Rect, buffer: inout CellBuffer) {
        let height = min(area.height - 2, tree.branches.count + 6)
        let box = Rect(x: area.x + 2, y: area.y + 2, width: max(0, area.width - 4), height: max(5, height))
        var block = theme.block(title: "Branches \(glyphs.separator) enter switches \(glyphs.separator) c compares with \(current) \(glyphs.separator) esc closes",
                                isFocused: true, glyphs: glyphs)
        block.fillStyle = theme.style(.background)
        buffer.render(block, in: box)
        let inner = block.inner(box).inset(left: 1, right: 1)
        buffer.put("  " + "BRANCH".padded(toWidth: 12) + "FORK".padded(toWidth: 10) + "PARENT".padded(toWidth: 12) + "OUTCOME SO FAR",
                   in: inner, row: 0, style: theme.style(.title).adding(.bold))
        let rows = max(0, inner.height - 1)
        let first = max(0, min(selected - rows + 1, tree.branches.count - rows))
        for (row, branch) in tree.branches.dropFirst(first).prefix(rows).enumerated() {
            let index = first + row
            let marker = branch.name == current ? String(glyphs.pointer) : " "
            let line = "\(marker) " + branch.name.padded(toWidth: 12) + ConsoleApp.clock(branch.fork.time).padded(toWidth: 10)
                + (branch.parent ?? "-").padded(toWidth: 12) + branch.outcome.summary
            buffer.put(line, in: inner, row: row + 1, style: index == selected ? theme.style(.selection) : theme.style(.text))
        }
    }
}

/// The compare view: two branches' figures side by side and where they part.
struct BranchCompareView: Widget {
    let comparison: BranchComparison
    let theme: Theme
    let glyphs: GlyphSet

    static let labelWidth = 20
    static let columnWidth = 34

    func render(in area: Rect, buffer: inout CellBuffer) {
        let box = Rect(x: area.x + 2, y: area.y + 2, width: max(0, area.width - 4), height: min(area.height - 4, comparison.rows.count + 6))
        var block = theme.block(title: "Compare \(comparison.left) with \(comparison.right) \(glyphs.separator) any key returns to the list",
                                isFocused: true, glyphs: glyphs)
        block.fillStyle = theme.style(.background)
        buffer.render(block, in: box)
        let inner = block.inner(box).inset(left: 1, right: 1)
        buffer.put("".padded(toWidth: Self.labelWidth) + comparison.left.padded(toWidth: Self.columnWidth) + comparison.right,
                   in: inner, row: 0, style: theme.style(.title).adding(.bold))
        for (index, row) in comparison.rows.enumerated() {
            let differs = row.left != row.right
            buffer.put(row.label.padded(toWidth: Self.labelWidth) + row.left.padded(toWidth: Self.columnWidth) + row.right, in: inner,
                       row: index + 1, style: differs ? theme.style(.warning) : theme.style(.text))
        }
        buffer.put("first divergence: \(comparison.divergence)", in: inner, row: comparison.rows.count + 2, style: theme.style(.accent))
    }
}
