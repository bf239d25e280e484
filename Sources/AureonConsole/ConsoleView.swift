import AureonCluster
import AureonEngine
import AureonTUI

/// The view half of the loop: state → cells. Builds widgets fresh each frame; only
/// table scroll offsets and hit areas persist, so the next click lands on what was drawn.
extension ConsoleApp {
    /// Draws the whole screen into `buffer` (its size is the terminal's).
    public func render(into buffer: inout CellBuffer) {
        needsRedraw = false
        renderScreen(into: &buffer)
        if !settings.glyphs.isUnicode { ASCIIFallback.apply(to: &buffer) }
    }

    private func renderScreen(into buffer: inout CellBuffer) {
        hitAreas = HitAreas()
        let theme = settings.theme
        let area = buffer.area
        buffer.clear(area, style: theme.style(.background))
        let minimum = ConsoleSettings.minimumSize
        if TooSmallNotice.isNeeded(width: area.width, height: area.height, requiredWidth: minimum.width, requiredHeight: minimum.height) {
            buffer.render(TooSmallNotice(requiredWidth: minimum.width, requiredHeight: minimum.height, actualWidth: area.width,
                                         actualHeight: area.height, style: theme.style(.warning).adding(.bold), glyphs: settings.glyphs),
                          in: area)
            return
        }
        let rows = area.splitVertically([.length(2), .fill(1), .length(1), .length(1)])
        StatusBarView(app: self).render(in: rows[0], buffer: &buffer)
        if let detailNode {
            NodeDetailView(app: self, node: detailNode).render(in: rows[1], buffer: &buffer)
        } else if showsTimeline {
            renderTimelineView(in: rows[1], buffer: &buffer)
        } else {
            renderMain(in: rows[1], buffer: &buffer)
        }
        renderMessageRow(in: rows[2], buffer: &buffer)
        renderKeyHints(in: rows[3], buffer: &buffer)
        renderOverlay(in: area, buffer: &buffer)
    }

    /// A fresh frame of `width`×`height` with the current state drawn (tests, benchmark).
    public func frame(width: Int, height: Int) -> CellBuffer {
        var buffer = CellBuffer(width: width, height: height)
        render(into: &buffer)
        return buffer
    }

    /// The timeline (a lane per node, following the selected node) over the fault panel.
    private func renderTimelineView(in area: Rect, buffer: inout CellBuffer) {
        let faultRows = min(simulation.activeFaults.count + 2, 8)
        let parts = area.splitVertically([.fill(1), .length(max(3, faultRows))])
        let lanes = max(1, parts[0].height - 4)
        let selected = targetNode?.index
        let first = max(0, min((selected ?? 0) - lanes / 2, simulation.nodes.count - lanes))
        TimelinePane(timeline: timeline, simulation: simulation, theme: settings.theme, glyphs: settings.glyphs,
                     window: Self.timelineWindow, firstLane: first, selectedLane: selected, isFocused: true)
            .render(in: parts[0], buffer: &buffer)
        FaultsPane(simulation: simulation, theme: settings.theme, glyphs: settings.glyphs, isFocused: false)
            .render(in: parts[1], buffer: &buffer)
    }

    /// Virtual time across the timeline: long enough to see a lease expire and its shard resume.
    static let timelineWindow = VirtualDuration.minutes(4)

    private func renderMain(in area: Rect, buffer: inout CellBuffer) {
        let eventsHeight = max(6, area.height * 3 / 10)
        let parts = area.splitVertically([.fill(1), .length(eventsHeight)])
        let top = parts[0].splitHorizontally([.percentage(48), .fill(1)])
        // Leases get a row per slot (plus border and header) so a full node's leases all show.
        let leaseRows = min(simulation.configuration.concurrency + 3, 12)
        // The fault panel appears while faults are in force, sized to them.
        let faultCount = simulation.activeFaults.count
        let faultRows = faultCount == 0 ? 0 : min(faultCount + 2, 7)
        let right = top[1].splitVertically([.fill(3), .length(leaseRows), .fill(2), .length(faultRows)])
        NodesPane(app: self).render(in: top[0], buffer: &buffer)
        RunsPane(app: self).render(in: right[0], buffer: &buffer)
        LeasesPane(app: self, node: targetNode, pane: .leases).render(in: right[1], buffer: &buffer)
        CheckpointsPane(app: self, node: nil).render(in: right[2], buffer: &buffer)
        if faultRows > 0 {
            FaultsPane(simulation: simulation, theme: settings.theme, glyphs: settings.glyphs, isFocused: false)
                .render(in: right[3], buffer: &buffer)
        }
        EventsPane(app: self, node: nil).render(in: parts[1], buffer: &buffer)
        hitAreas.panes = [(.nodes, top[0]), (.runs, right[0]), (.leases, right[1]), (.events, parts[1])]
    }

    /// Notices, the filter prompt, narration captions and invariant alarms share one row,
    /// most urgent first, so none of them pushes the panes around.
    private func renderMessageRow(in area: Rect, buffer: inout CellBuffer) {
        let theme = settings.theme
        if case let .prompt(target, field) = overlay {
            let x = buffer.put(target.prompt, in: area, style: theme.style(.accent).adding(.bold))
            buffer.put(field.text, x: x, y: area.y, style: theme.style(.text), maxWidth: area.maxX - x)
            let cursorX = x + DisplayWidth.of(field.text.prefix(field.cursor))
            if cursorX < area.maxX {
                let under = buffer[cursorX, area.y]
                buffer.set(Cell(under.character, style: theme.style(.text).adding(.reverse)), x: cursorX, y: area.y)
            }
            return
        }
        if let notice {
            let slot: ThemeSlot = switch notice.level {
            case .info: .accent
            case .warning: .warning
            case .error: .error
            }
            buffer.put(" " + notice.text, in: area, style: theme.style(slot))
            return
        }
        if !simulation.checker.holds, let violation = simulation.checker.violations.last {
            let text = " \(settings.glyphs.cross) INVARIANT VIOLATED (\(simulation.checker.violationCount)): \(violation)"
            buffer.clear(area, style: theme.style(.error).adding(.reverse))
            buffer.put(text, in: area, style: theme.style(.error).adding([.reverse, .bold]))
            return
        }
        if let shown = captionShown, shown.remaining > .zero, let caption = simulation.caption {
            buffer.put(" \(settings.glyphs.pointer) \(caption.text)", in: area, style: theme.style(.title).adding(.bold))
        }
    }

    private func renderKeyHints(in area: Rect, buffer: inout CellBuffer) {
        let theme = settings.theme
        let items: [(action: String, label: String)]
        switch overlay {
        case .confirmKill: items = []
        case .schedule: items = []
        default:
            if detailNode != nil {
                items = [("back", "back"), ("drain", "drain"), ("resume", "resume"), ("kill", "kill"), ("restart", "restart"),
                         ("pause", "pause"), ("help", "help"), ("quit", "quit")]
            } else {
                // What a newcomer needs first; everything else is one `?` away.
                items = [("down", "select"), ("open", "detail"), ("drain", "drain"), ("resume", "resume"), ("kill", "kill"),
                         ("restart", "restart"), ("schedule", "schedule"), ("partition", "partition"), ("chaos", "chaos"),
                         ("timeline", "timeline"), ("pause", "pause"), ("faster", "speed"), ("help", "help"), ("quit", "quit")]
            }
        }
        var hints = settings.keymap.keyHints(items, unicode: settings.glyphs.isUnicode)
        switch overlay {
        case .confirmKill: hints = [.init(keys: "y", label: "kill"), .init(keys: "n/esc", label: "cancel"), .init(keys: "tab", label: "switch")]
        case .schedule: hints = [.init(keys: "tab", label: "next field"), .init(keys: "enter", label: "schedule"), .init(keys: "esc", label: "cancel")]
        default: break
        }
        buffer.render(KeyHintLine(hints: hints, keyStyle: theme.style(.accent).adding(.bold), labelStyle: theme.style(.muted)), in: area)
    }

    private func renderOverlay(in area: Rect, buffer: inout CellBuffer) {
        let theme = settings.theme
        let glyphs = settings.glyphs
        switch overlay {
        case .none, .prompt:
            break
        case let .confirmKill(preview, choice):
            var dialog = theme.confirmDialog(title: "Kill \(preview.nodeName)", message: preview.message, preview: preview.leaseLines, glyphs: glyphs)
            dialog.maximumPreviewLines = max(3, area.height - preview.message.count - 10)
            dialog.selection = choice
            dialog.yesLabel = "Yes, kill (y)"
            dialog.noLabel = "No (n)"
            buffer.render(dialog, in: area)
        case .schedule(let form):
            buffer.render(form.widget(theme: theme, glyphs: glyphs), in: area)
        case .help:
            let help = HelpOverlay(
                title: "Help (keys from the live keymap)", sections: settings.keymap.helpSections(sectionOrder: ConsoleAction.helpSectionOrder),
                scrollOffset: helpScroll, footer: "any other key closes", style: theme.style(.text), borderStyle: theme.style(.borderFocused),
                titleStyle: theme.style(.title), sectionStyle: theme.style(.accent).adding([.bold, .underline]),
                keyStyle: theme.style(.accent).adding(.bold), footerStyle: theme.style(.muted), glyphs: glyphs)
            buffer.render(help, in: area)
        }
    }
}
