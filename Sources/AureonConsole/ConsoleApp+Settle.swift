import AureonCluster
import AureonEngine
import AureonTUI

/// The end of every update (key, mouse, tick, resize): the listed nodes are refreshed and
/// every selection and scroll offset is clamped against the current layout, so the view can
/// draw them as they are.
extension ConsoleApp {
    func settle() {
        // Only the nodes events named since the last update are read again; the frame's
        // view-model reuses the result.
        aggregates.update(touched: feed.takeTouchedNodes(), in: simulation)
        faults = aggregates.activeFaults(in: simulation)
        faultBadges = faults.badgesByNode()
        refreshListedNodes()
        let layout = self.layout
        // The table keeps its selection on the same node while rows move (sort, filter); when
        // that node is filtered out the selection falls on a row near where it was, and an
        // empty list remembers the node for when the filter lets it back.
        if let node = selectedNode, let row = listedNodes.position(of: node) {
            nodeTable.selected = row
        } else {
            nodeTable.selected = listedNodes.count > 0 ? min(nodeTable.selected ?? 0, listedNodes.count - 1) : nil
        }
        nodeTable.scrollToSelection(visibleRows: layout.visibleNodeRows, rowCount: listedNodes.count)
        if let row = nodeTable.selected { selectedNode = listedNodes[row] }

        let runs = simulation.runs
        runSelection = runs.isEmpty ? 0 : min(max(0, runSelection), runs.count - 1)
        let visibleRuns = layout.visibleRuns(runCount: runs.count)
        if runSelection < runsListOffset { runsListOffset = runSelection }
        if runSelection >= runsListOffset + visibleRuns { runsListOffset = runSelection - visibleRuns + 1 }
        runsListOffset = min(max(0, runsListOffset), max(0, runs.count - visibleRuns))
        shardSelection = runs.isEmpty ? 0 : min(max(0, shardSelection), max(0, runs[runSelection].shardCount - 1))

        let leaseCount = targetNode.map { simulation.heldLeases(of: $0.index).count } ?? 0
        let leaseRows = max(0, (detailNode == nil ? layout.leases : layout.detailLeases).height - 3)
        leaseTable.scrollToSelection(visibleRows: leaseRows, rowCount: leaseCount)
        eventScrollBack = min(max(0, eventScrollBack), simulation.events.capacity)
        timelinePanBack = max(.zero, min(timelinePanBack, simulation.now - .zero))
    }

    /// The table's rows: every node in node order (no array at all), or the filter's matches
    /// in the chosen sort order.
    private func refreshListedNodes() {
        let count = simulation.nodes.count
        guard nodeFilter.isActive || !nodeSort.isNatural else {
            listedNodes = NodeList(count: count, indices: nil)
            return
        }
        var indices = Array(0..<count)
        if nodeFilter.isActive {
            let badges = faultBadges
            indices = indices.filter { index in
                nodeFilter.matches(node: index, health: simulation.displayedHealth(of: index), badges: badges[index] ?? [])
            }
        }
        indices = nodeSort.sorted(indices, in: simulation)
        listedNodes = NodeList(count: indices.count, indices: indices)
    }
}
