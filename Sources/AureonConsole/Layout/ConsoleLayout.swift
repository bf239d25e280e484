import AureonTUI

/// Where everything goes on a screen of a given size: a pure function of the size and a few
/// counts, so the update step (clamping scroll offsets, mouse hits) and the view (drawing)
/// use the same rectangles without the view writing anything down.
struct ConsoleLayout: Sendable {
    let status: Rect
    let body: Rect
    let message: Rect
    let hints: Rect
    /// Main view.
    let nodes: Rect
    let runs: Rect
    let leases: Rect
    let checkpoints: Rect
    let faults: Rect
    let events: Rect
    /// Node detail.
    let detailSummary: Rect
    let detailLeases: Rect
    let detailCheckpoints: Rect
    let detailEvents: Rect
    /// Timeline view.
    let timeline: Rect
    let timelineFaults: Rect
    let nodeColumns: NodeColumns

    /// Rows a run takes in the runs list (header, progress bar).
    static let rowsPerRun = 2

    init(width: Int, height: Int, nameWidth: Int, concurrency: Int, faultCount: Int) {
        let area = Rect(width: width, height: height)
        let rows = area.splitVertically([.length(2), .fill(1), .length(1), .length(1)])
        status = rows[0]
        body = rows[1]
        message = rows[2]
        hints = rows[3]

        // Extra height goes mostly to the event log (a third of the body past 24 rows).
        let eventsHeight = max(6, body.height * 3 / 10 + max(0, body.height - 20) / 6)
        let parts = body.splitVertically([.fill(1), .length(eventsHeight)])
        let nodesWidth = NodeColumns.paneWidth(terminalWidth: width, nameWidth: nameWidth)
        let top = parts[0].splitHorizontally([.length(nodesWidth), .fill(1)])
        nodes = top[0]
        nodeColumns = NodeColumns.fitting(innerWidth: max(0, nodes.width - 2), nameWidth: nameWidth)
        // Leases get a row per slot (plus border and header) so a full node's leases all show.
        let leaseRows = min(concurrency + 3, 12)
        // The fault panel appears while faults are in force, sized to them.
        let faultRows = faultCount == 0 ? 0 : min(faultCount + 2, 7)
        let checkpointRows = top[1].height >= 24 ? 6 : 0
        let right = top[1].splitVertically([.fill(3), .length(leaseRows), .length(checkpointRows), .length(faultRows)])
        runs = right[0]
        leases = right[1]
        checkpoints = right[2]
        faults = right[3]
        events = parts[1]

        let detail = body.splitVertically([.length(6), .percentage(40), .fill(1)])
        detailSummary = detail[0]
        let middle = detail[1].splitHorizontally([.percentage(55), .fill(1)])
        detailLeases = middle[0]
        detailCheckpoints = middle[1]
        detailEvents = detail[2]

        let timelineFaultRows = max(3, min(faultCount + 2, 8))
        let lanes = body.splitVertically([.fill(1), .length(timelineFaultRows)])
        timeline = lanes[0]
        timelineFaults = lanes[1]
    }

    /// The nodes table inside its border (row 0 is the header).
    var nodesTable: Rect { nodes.inset(by: 1) }
    /// Node rows that fit under the header.
    var visibleNodeRows: Int { max(0, nodesTable.height - 1) }
    /// Timeline lanes that fit (border, axis and legend rows excluded).
    var visibleLanes: Int { max(1, timeline.height - 4) }

    /// The runs list inside the runs pane: what its runs need, up to half; the shard map gets the rest.
    func runsList(runCount: Int) -> Rect {
        let inner = runs.inset(by: 1).inset(left: 1, right: 1)
        let listHeight = max(Self.rowsPerRun, min(runCount * Self.rowsPerRun, inner.height / 2))
        return inner.splitVertically([.length(listHeight), .fill(1)])[0]
    }

    func visibleRuns(runCount: Int) -> Int { max(1, runsList(runCount: runCount).height / Self.rowsPerRun) }

    /// The panes of the main view, for mouse focus.
    var mainPanes: [(Pane, Rect)] { [(.nodes, nodes), (.runs, runs), (.leases, leases), (.events, events)] }
    var detailPanes: [(Pane, Rect)] { [(.leases, detailLeases), (.events, detailEvents)] }
}
