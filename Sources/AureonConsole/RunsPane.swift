import AureonCluster
import AureonEngine
import AureonTUI

/// Runs with a progress bar each, and the selected run's shard map (one cell per shard of
/// the current iteration) with the selected shard's key, state and owning node.
struct RunsPane: Widget {
    let model: ConsoleViewModel
    /// Selections and the list's first row, already clamped by the update step.
    let runSelection: Int
    let shardSelection: Int
    let listOffset: Int
    let isFocused: Bool
    static let rowsPerRun = ConsoleLayout.rowsPerRun

    func render(in area: Rect, buffer: inout CellBuffer) {
        let theme = model.theme
        let glyphs = model.glyphs
        let runs = model.simulation.runs
        let block = theme.block(title: "Runs (\(runs.count))", isFocused: isFocused, glyphs: glyphs)
        buffer.render(block, in: area)
        let inner = block.inner(area).inset(left: 1, right: 1)
        guard !inner.isEmpty else { return }
        guard !runs.isEmpty else {
            buffer.put("no runs yet: s schedules one", in: inner, style: theme.style(.muted))
            return
        }
        // The list takes what its runs need (up to half); the shard map gets the rest.
        let listHeight = max(Self.rowsPerRun, min(runs.count * Self.rowsPerRun, inner.height / 2))
        let parts = inner.splitVertically([.length(listHeight), .fill(1)])
        renderList(in: parts[0], buffer: &buffer)
        renderShardMap(in: parts[1], buffer: &buffer)
    }

    private func renderList(in area: Rect, buffer: inout CellBuffer) {
        let runs = model.simulation.runs
        let visible = max(1, area.height / Self.rowsPerRun)
        for position in 0..<visible {
            let index = listOffset + position
            guard index < runs.count else { break }
            let row = area.y + position * Self.rowsPerRun
            renderRun(runs[index], selected: index == runSelection,
                      in: Rect(x: area.x, y: row, width: area.width, height: min(Self.rowsPerRun, area.maxY - row)), buffer: &buffer)
        }
    }

    private func renderRun(_ run: RunState, selected: Bool, in area: Rect, buffer: inout CellBuffer) {
        let theme = model.theme
        let glyphs = model.glyphs
        let spec = run.spec
        var header: [Span] = [
            Span(selected ? "\(glyphs.pointer)" : " ", style: theme.style(.accent)),
            Span(spec.id.rawValue, style: selected ? theme.style(.title).adding(.bold) : theme.style(.text)),
            Span("  \(spec.dataset)  iter \(run.iteration)/\(spec.maxIterations)  \(spec.strategy.rawValue)", style: theme.style(.muted)),
        ]
        if case let .completed(at, converged) = run.status {
            header.append(Span("  \(glyphs.check) done at \(at)\(converged ? ", converged" : "")", style: theme.style(.success)))
        }
        Line(header).render(in: area, buffer: &buffer)
        guard area.height > 1 else { return }
        var label = "\(ConsoleFormat.percent(run.fraction))  \(run.settled)/\(run.shardCount)"
        if !run.isComplete, run.fraction > 0 {
            let elapsed = model.simulation.now - run.iterationStartedAt
            let remaining = VirtualDuration(microseconds: Int64(Double(elapsed.microseconds) * (1 - run.fraction) / run.fraction))
            label += "  eta \(ConsoleFormat.age(remaining))"
        }
        renderIterationBars(run, label: label, in: Rect(x: area.x + 1, y: area.y + 1, width: area.width - 1, height: 1), buffer: &buffer)
    }

    /// One bar per iteration — finished ones full, the current one filling, later ones empty —
    /// then the current iteration's figures. Falls back to a single bar when the segments would
    /// be too narrow to read.
    private func renderIterationBars(_ run: RunState, label: String, in area: Rect, buffer: inout CellBuffer) {
        let theme = model.theme
        let glyphs = model.glyphs
        let iterations = run.spec.maxIterations
        let labelWidth = DisplayWidth.of(label) + 1
        let segmentWidth = iterations > 1 ? (area.width - labelWidth) / iterations - 1 : 0
        guard segmentWidth >= 4 else {
            buffer.render(theme.progressBar(fraction: run.isComplete ? 1 : run.fraction, label: label, glyphs: glyphs), in: area)
            return
        }
        for number in 1...iterations {
            let fraction: Double = run.isComplete || number < run.iteration ? (number <= run.iteration ? 1 : 0)
                : number == run.iteration ? run.fraction : 0
            let x = area.x + (number - 1) * (segmentWidth + 1)
            buffer.render(theme.progressBar(fraction: fraction, label: nil, glyphs: glyphs), in: Rect(x: x, y: area.y, width: segmentWidth, height: 1))
        }
        let labelX = area.x + iterations * (segmentWidth + 1)
        buffer.put(label, x: labelX, y: area.y, style: theme.style(.text), maxWidth: max(0, area.maxX - labelX))
    }

    private func renderShardMap(in area: Rect, buffer: inout CellBuffer) {
        let theme = model.theme
        let glyphs = model.glyphs
        let simulation = model.simulation
        let run = simulation.runs[min(runSelection, simulation.runs.count - 1)]
        guard area.height >= 2 else { return }
        let parts = area.splitVertically([.fill(1), .length(1)])
        let mapArea = parts[0]
        // Only the cells that fit are built: a million-shard run costs one screenful.
        let plan = ShardMap.plan(count: run.shardCount, capacity: mapArea.area)
        let shards = (0..<plan.shown).map { index -> ShardMap.Shard in
            var shard = Self.cell(for: run.shardStates[index], theme: theme, glyphs: glyphs)
            if index == shardSelection && isFocused { shard.style = shard.style.adding(.reverse) }
            return shard
        }
        buffer.render(ShardMap(shards: shards, overflowStyle: theme.style(.muted)), in: mapArea)
        if let overflow = plan.overflow {
            var offset = plan.shown
            for character in overflow where offset < mapArea.area {
                buffer.set(Cell(character, style: theme.style(.muted)), x: mapArea.x + offset % mapArea.width, y: mapArea.y + offset / mapArea.width)
                offset += 1
            }
        }
        guard run.shardCount > 0 else { return }
        let index = min(shardSelection, run.shardCount - 1)
        let key = ShardPlanner.shardKey(for: run.spec, index: index)
        let owner = run.shardOwners[index]
        let ownerText = owner >= 0 ? simulation.naming.name(of: NodeID(Int(owner))) : "no node"
        let state = run.shardStates[index]
        let info: [Span] = [
            Span("shard \(index + 1)/\(run.shardCount) \(key) ", style: theme.style(.muted)),
            Span(Self.name(of: state), style: Self.cell(for: state, theme: theme, glyphs: glyphs).style),
            Span(" on ", style: theme.style(.muted)),
            Span(ownerText, style: theme.style(.accent)),
            Span(isFocused ? (glyphs.isUnicode ? "  ←→ shard, ⏎ node" : "  h/l shard, enter node") : "", style: theme.style(.muted)),
        ]
        Line(info).render(in: parts[1], buffer: &buffer)
    }

    static func cell(for state: ShardState, theme: Theme, glyphs: GlyphSet) -> ShardMap.Shard {
        switch state {
        case .pending: ShardMap.Shard(symbol: glyphs.shardEmpty, style: theme.style(.shardPending))
        case .leased: ShardMap.Shard(symbol: glyphs.shardPartial, style: theme.style(.shardLeased))
        case .committed: ShardMap.Shard(symbol: glyphs.shardFilled, style: theme.style(.shardCommitted))
        case .deadLettered: ShardMap.Shard(symbol: glyphs.cross, style: theme.style(.shardDeadLettered))
        }
    }

    static func name(of state: ShardState) -> String {
        switch state {
        case .pending: "pending"
        case .leased: "leased"
        case .committed: "committed"
        case .deadLettered: "dead_lettered"
        }
    }
}
