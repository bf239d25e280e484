import AureonCluster
import AureonEngine
import AureonTUI

/// The view half of the loop: state → cells. Builds the frame's view-model once, then draws
/// each pane from it and its UI state, in the rectangles of ``ConsoleLayout``. Reads only.
extension ConsoleApp {
    /// Draws the whole screen into `buffer` (its size is the terminal's).
    public func render(into buffer: inout CellBuffer) {
        needsRedraw = false
        if buffer.width != screenSize.width || buffer.height != screenSize.height { resize(width: buffer.width, height: buffer.height) }
        ConsoleScreen(app: self, model: makeViewModel(), layout: layout).render(into: &buffer)
        if !settings.glyphs.isUnicode { ASCIIFallback.apply(to: &buffer) }
    }

    /// A fresh frame of `width`×`height` with the current state drawn (tests, benchmark).
    public func frame(width: Int, height: Int) -> CellBuffer {
        var buffer = CellBuffer(width: width, height: height)
        render(into: &buffer)
        return buffer
    }
}

/// One frame's drawing. Holds the app only to read its UI state; every pane gets values.
struct ConsoleScreen {
    let app: ConsoleApp
    let model: ConsoleViewModel
    let layout: ConsoleLayout

    func render(into buffer: inout CellBuffer) {
        let theme = model.theme
        let area = buffer.area
        buffer.clear(area, style: theme.style(.background))
        let minimum = ConsoleSettings.minimumSize
        if TooSmallNotice.isNeeded(width: area.width, height: area.height, requiredWidth: minimum.width, requiredHeight: minimum.height) {
            buffer.render(TooSmallNotice(requiredWidth: minimum.width, requiredHeight: minimum.height, actualWidth: area.width,
                                         actualHeight: area.height, style: theme.style(.warning).adding(.bold), glyphs: model.glyphs),
                          in: area)
            return
        }
        StatusBarView(model: model, speed: app.pacer.speed, isPaused: app.pacer.isPaused, isBehind: app.pacer.isBehind,
                      commitRates: app.commitRates).render(in: layout.status, buffer: &buffer)
        if let node = app.detailNode {
            NodeDetailView(model: model, node: node, layout: layout, leaseTable: app.leaseTable, focus: app.focus,
                           eventFilter: app.eventFilter, eventScrollBack: app.eventScrollBack).render(buffer: &buffer)
        } else if app.showsTimeline {
            renderTimeline(into: &buffer)
        } else {
            renderMain(into: &buffer)
        }
        if let presenter = app.presenter { renderCaptionBox(presenter, into: &buffer) }
        renderMessageRow(into: &buffer)
        renderKeyHints(into: &buffer)
        renderOverlay(in: area, buffer: &buffer)
    }

    private func renderMain(into buffer: inout CellBuffer) {
        NodesPane(model: model, table: app.nodeTable, filter: app.nodeFilter, sort: app.nodeSort, marks: app.marks,
                  columns: layout.nodeColumns, isFocused: app.focus == .nodes).render(in: layout.nodes, buffer: &buffer)
        RunsPane(model: model, runSelection: app.runSelection, shardSelection: app.shardSelection, listOffset: app.runsListOffset,
                 isFocused: app.focus == .runs).render(in: layout.runs, buffer: &buffer)
        LeasesPane(model: model, node: app.targetNode, table: app.leaseTable, isFocused: app.focus == .leases)
            .render(in: layout.leases, buffer: &buffer)
        if layout.checkpoints.height > 0 { CheckpointsPane(model: model, node: nil).render(in: layout.checkpoints, buffer: &buffer) }
        if layout.faults.height > 0 { FaultsPane(model: model, isFocused: false).render(in: layout.faults, buffer: &buffer) }
        EventsPane(model: model, node: nil, filterText: app.eventFilter, scrollBack: app.eventScrollBack, isFocused: app.focus == .events)
            .render(in: layout.events, buffer: &buffer)
    }

    /// The timeline (a lane per node, following the selected node) over the fault panel.
    private func renderTimeline(into buffer: inout CellBuffer) {
        let lanes = layout.visibleLanes
        let selected = app.targetNode?.index
        let first = max(0, min((selected ?? 0) - lanes / 2, model.simulation.nodes.count - lanes))
        TimelinePane(model: model, window: app.timelineWindow, panBack: app.timelinePanBack, firstLane: first, selectedLane: selected,
                     isFocused: true, scrubCursor: app.scrubCursor, causality: app.causality).render(in: layout.timeline, buffer: &buffer)
        FaultsPane(model: model, isFocused: false).render(in: layout.timelineFaults, buffer: &buffer)
    }

    /// Presenter mode: the last few captions in a box over the bottom of the screen, the
    /// newest bold, with the step counter and what moves on.
    private func renderCaptionBox(_ presenter: PresenterState, into buffer: inout CellBuffer) {
        let theme = model.theme
        let glyphs = model.glyphs
        let history = app.captionHistory
        let end = max(0, history.count - presenter.reviewing)
        let shown = history[..<end].suffix(3)
        let height = max(3, shown.count + 2)
        let area = Rect(x: layout.body.x, y: layout.body.maxY - height, width: layout.body.width, height: height)
        let waiting = presenter.isWaiting ? (glyphs.isUnicode ? "→ space ⏎ next" : "right/space/enter next") : "running"
        let reviewing = presenter.reviewing > 0 ? " \(glyphs.separator) reviewing \(presenter.reviewing) back" : ""
        var block = theme.block(title: "\(presenter.counter) \(glyphs.separator) \(waiting)\(reviewing)", isFocused: true, glyphs: glyphs)
        block.fillStyle = theme.style(.background)
        buffer.render(block, in: area)
        let inner = block.inner(area).inset(left: 1, right: 1)
        if shown.isEmpty {
            buffer.put("waiting for the first caption", in: inner, style: theme.style(.muted))
            return
        }
        for (row, text) in shown.enumerated() {
            let newest = row == shown.count - 1
            buffer.put("\(newest ? glyphs.pointer : " ") \(text)", in: inner, row: row,
                       style: newest ? theme.style(.title).adding(.bold) : theme.style(.muted))
        }
    }

    /// Notices, the prompts, narration captions and invariant alarms share one row, most
    /// urgent first, so none of them pushes the panes around.
    private func renderMessageRow(into buffer: inout CellBuffer) {
        let theme = model.theme
        let area = layout.message
        switch app.overlay {
        case let .prompt(target, field):
            renderField(prompt: target.prompt, field: field, in: area, buffer: &buffer)
            return
        case let .command(field, _):
            renderField(prompt: ":", field: field, in: area, buffer: &buffer)
            let completions = ConsoleCommandLine.completions(for: field.text, simulation: model.simulation, themes: app.settings.catalog.themeNames)
            if !completions.isEmpty, completions.count <= 12 {
                let hint = "  tab: " + completions.joined(separator: " ")
                let x = area.x + 1 + DisplayWidth.of(field.text) + 2
                buffer.put(hint, x: x, y: area.y, style: theme.style(.muted), maxWidth: max(0, area.maxX - x))
            }
            return
        default: break
        }
        if let notice = app.notice {
            let slot: ThemeSlot = switch notice.level {
            case .info: .accent
            case .warning: .warning
            case .error: .error
            }
            buffer.put(" " + notice.text, in: area, style: theme.style(slot))
            return
        }
        let simulation = model.simulation
        if !simulation.checker.holds, let violation = simulation.checker.violations.last {
            let text = " \(model.glyphs.cross) INVARIANT VIOLATED (\(simulation.checker.violationCount)): \(violation)"
            buffer.clear(area, style: theme.style(.error).adding(.reverse))
            buffer.put(text, in: area, style: theme.style(.error).adding([.reverse, .bold]))
            return
        }
        if app.presenter == nil, let shown = app.captionShown, shown.remaining > .zero, let caption = simulation.caption {
            buffer.put(" \(model.glyphs.pointer) \(caption.text)", in: area, style: theme.style(.title).adding(.bold))
        }
    }

    private func renderField(prompt: String, field: TextField, in area: Rect, buffer: inout CellBuffer) {
        let theme = model.theme
        let x = buffer.put(prompt, in: area, style: theme.style(.accent).adding(.bold))
        buffer.put(field.text, x: x, y: area.y, style: theme.style(.text), maxWidth: area.maxX - x)
        let cursorX = x + DisplayWidth.of(field.text.prefix(field.cursor))
        if cursorX < area.maxX {
            let under = buffer[cursorX, area.y]
            buffer.set(Cell(under.character, style: theme.style(.text).adding(.reverse)), x: cursorX, y: area.y)
        }
    }

    /// The hint row: what fits of the context's hints, then always `? help  q quit`.
    private func renderKeyHints(into buffer: inout CellBuffer) {
        let theme = model.theme
        let keymap = model.keymap
        let unicode = model.glyphs.isUnicode
        let area = layout.hints
        var hints: [KeyHintLine.Hint]
        switch app.overlay {
        case .confirm: hints = [.init(keys: "y", label: "confirm"), .init(keys: "n/esc", label: "cancel"), .init(keys: "tab", label: "switch")]
        case .schedule: hints = [.init(keys: "tab", label: "next field"), .init(keys: "enter", label: "schedule"), .init(keys: "esc", label: "cancel")]
        case .command: hints = [.init(keys: "tab", label: "complete"), .init(keys: unicode ? "↑↓" : "up/down", label: "history"),
                                .init(keys: "enter", label: "run"), .init(keys: "esc", label: "cancel")]
        case .branches: hints = [.init(keys: unicode ? "↑↓" : "up/down", label: "select"), .init(keys: "enter", label: "switch"),
                                 .init(keys: "c", label: "compare"), .init(keys: "esc", label: "close")]
        case .compare: hints = [.init(keys: "any key", label: "back to the list")]
        default:
            let items: [(action: String, label: String)]
            if model.isReplay {
                items = [("pause", "pause"), ("step", "step"), ("faster", "speed"), ("timeline", "timeline"), ("open", "detail")]
            } else if app.showsTimeline {
                items = [("left", "scrub"), ("open", "jump there"), ("jump_back", "back 10s"), ("jump_forward", "forward 10s"),
                         ("previous_notable", "prev event"), ("next_notable", "next event"), ("branches", "branches"), ("pan_back", "pan"),
                         ("zoom_in", "zoom"), ("timeline", "main view")]
            } else if app.detailNode != nil {
                items = [("back", "back"), ("drain", "drain"), ("resume", "resume"), ("kill", "kill"), ("restart", "restart"), ("pause", "pause")]
            } else {
                // What a newcomer needs first; everything else is one `?` away.
                items = [("down", "select"), ("open", "detail"), ("command", "command"), ("filter_nodes", "filter"), ("drain", "drain"),
                         ("kill", "kill"), ("timeline", "timeline"), ("jump_back", "rewind"), ("next_notable", "next event"),
                         ("branches", "branches"), ("mark", "mark"), ("sort", "sort"), ("partition", "partition"),
                         ("pause", "pause"), ("faster", "speed")]
            }
            hints = keymap.keyHints(items, unicode: unicode)
        }
        let tail = keymap.keyHints([("help", "help"), ("quit", "quit")], unicode: unicode)
        // The tail is kept whatever the width; the context's hints fill what is left before it.
        let tailWidth = tail.reduce(0) { $0 + DisplayWidth.of($1.keys) + 1 + DisplayWidth.of($1.label) + 2 }
        let fitted = KeyHintLine(hints: hints).fitting(width: max(0, area.width - tailWidth - 1))
        buffer.render(KeyHintLine(hints: fitted + tail, keyStyle: theme.style(.accent).adding(.bold), labelStyle: theme.style(.muted)), in: area)
    }

    private func renderOverlay(in area: Rect, buffer: inout CellBuffer) {
        let theme = model.theme
        let glyphs = model.glyphs
        switch app.overlay {
        case .none, .prompt, .command:
            break
        case let .confirm(preview, choice):
            var dialog = theme.confirmDialog(title: preview.title, message: preview.message, preview: preview.lines, glyphs: glyphs)
            dialog.maximumPreviewLines = max(3, area.height - preview.message.count - 10)
            dialog.selection = choice
            dialog.yesLabel = preview.yesLabel
            dialog.noLabel = "No (n)"
            buffer.render(dialog, in: area)
        case .schedule(let form):
            buffer.render(form.widget(theme: theme, glyphs: glyphs), in: area)
        case .branches(let selected):
            guard let machine = app.machine else { break }
            buffer.render(BranchListView(tree: machine.tree, current: machine.currentBranch, selected: selected, theme: theme, glyphs: glyphs),
                          in: layout.body)
        case let .compare(current, other):
            guard let machine = app.machine, let a = machine.tree.branch(named: current), let b = machine.tree.branch(named: other) else { break }
            buffer.render(BranchCompareView(comparison: BranchComparison(a, b, workLost: app.workLost(on:), naming: model.naming),
                                            theme: theme, glyphs: glyphs), in: layout.body)
        case .help:
            let help = HelpOverlay(
                title: "Help (keys from the live keymap)", sections: model.keymap.helpSections(sectionOrder: ConsoleAction.helpSectionOrder),
                scrollOffset: app.helpScroll, footer: "any other key closes", style: theme.style(.text), borderStyle: theme.style(.borderFocused),
                titleStyle: theme.style(.title), sectionStyle: theme.style(.accent).adding([.bold, .underline]),
                keyStyle: theme.style(.accent).adding(.bold), footerStyle: theme.style(.muted), glyphs: glyphs)
            buffer.render(help, in: area)
        }
    }
}
