import AureonCluster
import AureonEngine
import AureonTraining
import AureonTUI

/// The drill's screens: briefing and debrief take the whole screen; during the drill a badge
/// and the objectives panel sit on top of the console's own frame.
extension DrillConsole {
    private var theme: Theme { app.settings.theme }
    private var glyphs: GlyphSet { app.settings.glyphs }

    // MARK: briefing

    func renderBriefing(into buffer: inout CellBuffer) {
        let drill = session.drill
        var lines: [(String, ThemeSlot)] = [
            ("\(drill.level.rawValue.uppercased()) · time limit \(drill.timeLimit) · pass mark \(drill.passMark) of \(drill.maxScore) points",
             .accent),
            ("", .text),
        ]
        let width = max(10, buffer.area.width - 6)
        lines += WrappedText.lines(drill.briefing, width: width).map { ($0, .text) }
        lines += [("", .text), ("Objectives", .title)]
        for objective in drill.objectives {
            lines.append(("  \(glyphs.pointer) \(objective.text) [\(objective.required ? "required" : "optional"), \(objective.points) pts]", .text))
        }
        if !drill.hints.isEmpty {
            lines += [("", .text), ("\(drill.hints.count) hints: press h during the drill; a hint also comes by itself when you make no progress. Each costs points.", .muted)]
        }
        if isInstructor {
            lines += [("", .text), ("Instructor: the injects (hidden from the trainee)", .warning)]
            lines += drill.injects.map { ("  \($0.name): \(Self.describe($0.trigger))", .warning) }
        }
        lines += [("", .text), ("Press Enter to start the drill · q to leave", .accent)]
        renderPage(title: "DRILL · \(drill.title)", lines: lines, into: &buffer)
    }

    // MARK: debrief

    func renderDebrief(into buffer: inout CellBuffer) {
        guard let verdict = session.verdict else { return }
        let width = max(10, buffer.area.width - 6)
        var lines: [(String, ThemeSlot)] = [
            (verdict.passed ? "PASSED" : "NOT PASSED", verdict.passed ? .success : .error),
            (verdict.scoreLine, .accent),
            ("", .text),
            ("Objectives", .title),
        ]
        for result in verdict.objectives {
            let slot: ThemeSlot = result.status == .met ? .success : result.status == .failed ? .error : .muted
            lines.append(("  \(mark(result.status)) \(result.text) [\(result.required ? "required" : "optional"), \(result.points) pts] — \(result.detail)", slot))
        }
        lines += [("", .text), ("Timeline: your actions against the injects, and what followed each", .title)]
        let timeline = verdict.timelineLines
        lines += (timeline.isEmpty ? ["  (no actions)"] : timeline.map { "  " + $0 }).map { ($0, .text) }
        lines += [("", .text), ("What an expert would have done", .title)]
        lines += WrappedText.lines(session.drill.debrief, width: width).map { ($0, .text) }
        lines += [("", .text)] + saveReport.map { ($0, .muted) }
        lines += [("trace hash \(verdict.traceHash)\(verdict.instructorAssisted ? " · instructor-assisted" : "")", .muted),
                  ("q leave · j/k scroll", .accent)]
        renderPage(title: "DEBRIEF · \(session.drill.title)", lines: lines, into: &buffer)
    }

    private func renderPage(title: String, lines: [(String, ThemeSlot)], into buffer: inout CellBuffer) {
        let area = buffer.area
        buffer.clear(area, style: theme.style(.background))
        let block = Block(title: title, isFocused: true, borderStyle: theme.style(.border), focusedBorderStyle: theme.style(.borderFocused),
                          titleStyle: theme.style(.title).adding(.bold), glyphs: glyphs)
        block.render(in: area, buffer: &buffer)
        let inner = block.inner(area).inset(horizontal: 2, vertical: 1)
        guard inner.height > 0 else { return }
        // Long lines wrap, their continuations indented under the text.
        let lines = lines.flatMap { line, slot -> [(String, ThemeSlot)] in
            let lead = String(line.prefix { $0 == " " })
            let parts = WrappedText.lines(String(line.dropFirst(lead.count)), width: max(10, inner.width - lead.count - 4))
            guard !parts.isEmpty else { return [(line, slot)] }
            return parts.enumerated().map { index, part in ((index == 0 ? lead : lead + "    ") + part, slot) }
        }
        scroll = min(scroll, max(0, lines.count - inner.height))
        for (row, line) in lines.dropFirst(scroll).prefix(inner.height).enumerated() {
            buffer.put(line.0, x: inner.x, y: inner.y + row, style: theme.style(line.1), maxWidth: inner.width)
        }
    }

    // MARK: during the drill

    /// Sized to the objectives; it sits over the lower right of the console, above the key hints.
    func renderDrillOverlay(into buffer: inout CellBuffer) {
        let area = buffer.area
        guard area.width >= ConsoleSettings.minimumSize.width, area.height >= ConsoleSettings.minimumSize.height else { return }
        let drill = session.drill
        let remaining = session.remaining
        let seconds = remaining.microseconds / 1_000_000
        let badge = " DRILL \(drill.name) · \(seconds / 60):\(seconds % 60 < 10 ? "0" : "")\(seconds % 60) left "
        let badgeWidth = DisplayWidth.of(badge)
        buffer.put(badge, x: max(0, area.width - badgeWidth), y: 0, style: theme.style(.accent).adding([.reverse, .bold]))

        let pending = isInstructor ? drill.injects.indices.filter { session.tracker.injectsFired[$0] == nil } : []
        let width = min(60, area.width / 2)
        let height = drill.objectives.count + 3 + (pending.isEmpty ? 0 : pending.count + 1)
        let panel = Rect(x: area.width - width, y: max(2, area.height - 2 - height), width: width, height: min(height, area.height - 4))
        let block = Block(title: "Objectives", isFocused: true, borderStyle: theme.style(.border), focusedBorderStyle: theme.style(.borderFocused),
                          titleStyle: theme.style(.title).adding(.bold), fillStyle: theme.style(.background), glyphs: glyphs)
        block.render(in: panel, buffer: &buffer)
        let inner = block.inner(panel).inset(horizontal: 1, vertical: 0)
        var row = inner.y
        for (index, objective) in drill.objectives.enumerated() where row < inner.maxY {
            let status = session.tracker.statuses[index]
            let slot: ThemeSlot = status == .met ? .success : status == .failed ? .error : .text
            buffer.put("\(mark(status)) \(objective.text)", x: inner.x, y: row, style: theme.style(slot), maxWidth: inner.width)
            row += 1
        }
        let used = session.tracker.hintsUsed.count
        let nextCost = used < drill.hints.count ? " (next costs \(drill.hints[used].cost))" : ""
        if row < inner.maxY {
            buffer.put("h hint: \(drill.hints.count - used) left\(nextCost) · q end the drill", x: inner.x, y: row, style: theme.style(.muted),
                       maxWidth: inner.width)
            row += 1
        }
        if !pending.isEmpty, row < inner.maxY {
            buffer.put("instructor · i fires the next inject:", x: inner.x, y: row, style: theme.style(.warning), maxWidth: inner.width)
            row += 1
            for index in pending where row < inner.maxY {
                buffer.put("  \(drill.injects[index].name): \(Self.describe(drill.injects[index].trigger))", x: inner.x, y: row,
                           style: theme.style(.warning), maxWidth: inner.width)
                row += 1
            }
        }
    }

    private func mark(_ status: ObjectiveStatus) -> String {
        switch status {
        case .met: String(glyphs.check)
        case .failed: String(glyphs.cross)
        case .open: glyphs.ellipsis
        }
    }

    static func describe(_ trigger: InjectTrigger) -> String {
        switch trigger {
        case let .at(time): "at \(time)"
        case let .runProgress(run, fraction): "when \(run) is \(Int((fraction * 100).rounded()))% done"
        case let .commits(count): "after \(count) commits"
        case let .objectiveMet(name): "when '\(name)' is met"
        }
    }
}
