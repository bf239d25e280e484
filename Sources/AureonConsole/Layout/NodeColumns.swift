import AureonTUI

/// Which columns the nodes table has at a given width, richest first. Health, slots,
/// heartbeat and done are never dropped: narrower forms come first, then the optional
/// columns (leases, the fault names, the task ids) go.
enum NodeColumns: Int, CaseIterable, Sendable {
    /// Everything, with the running task ids taking the extra width.
    case wide
    /// Fault names in full, no task ids.
    case full
    /// Fault letters, no leases column.
    case compact
    /// Short health names and heartbeat ages: what 80 columns can hold.
    case narrow

    /// The optional and required columns of each form.
    enum Column: Sendable, Equatable {
        case node, health, faults, slots, leases, heartbeat, done, tasks
    }

    var columns: [Column] {
        switch self {
        case .wide: [.node, .health, .faults, .slots, .leases, .heartbeat, .done, .tasks]
        case .full: [.node, .health, .faults, .slots, .leases, .heartbeat, .done]
        case .compact: [.node, .health, .faults, .slots, .heartbeat, .done]
        case .narrow: [.node, .health, .faults, .slots, .heartbeat, .done]
        }
    }

    /// Task ids are long; below this the column is not worth having.
    static let minimumTasksWidth = 24

    func width(of column: Column, nameWidth: Int) -> Int {
        switch (column, self) {
        // One more than the name for the mark (`*`).
        case (.node, _): nameWidth + 1
        case (.health, .narrow): 8
        case (.health, _): 14
        case (.faults, .wide): 16
        case (.faults, .full): 12
        case (.faults, _): 4
        case (.slots, .narrow): 3
        case (.slots, _): 5
        case (.leases, _): 6
        case (.heartbeat, .narrow): 6
        case (.heartbeat, _): 10
        case (.done, _): 5
        case (.tasks, _): Self.minimumTasksWidth
        }
    }

    /// Cells needed inside the pane's border, selection gutter included.
    func requiredWidth(nameWidth: Int) -> Int {
        let cells = columns.reduce(0) { $0 + width(of: $1, nameWidth: nameWidth) }
        return cells + (columns.count - 1) + 1
    }

    /// The richest form that fits `innerWidth` (narrow if none does).
    static func fitting(innerWidth: Int, nameWidth: Int) -> NodeColumns {
        allCases.first { $0.requiredWidth(nameWidth: nameWidth) <= innerWidth } ?? .narrow
    }

    /// How wide the nodes pane should be on a terminal `width` columns wide: its form's need,
    /// leaving the right-hand column at least `minimumRightWidth`; the rest goes to the right
    /// (shard map) except on wide screens, where the task ids get up to `maximumTasksWidth`.
    static func paneWidth(terminalWidth width: Int, nameWidth: Int) -> Int {
        let minimumRightWidth = 38
        let available = max(0, width - minimumRightWidth)
        for form in allCases {
            let need = form.requiredWidth(nameWidth: nameWidth) + 2
            guard need <= available else { continue }
            if form == .wide {
                let maximumTasksWidth = 44
                let extra = min(maximumTasksWidth - minimumTasksWidth, (available - need) / 3)
                return need + extra
            }
            return need
        }
        return max(available, width / 2)
    }
}
