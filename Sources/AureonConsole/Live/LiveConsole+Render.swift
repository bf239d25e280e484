import AureonTUI

/// The live console's view half: state → cells, reading only.
extension LiveConsole {
    public func render(into buffer: inout CellBuffer) {
        needsRedraw = false
        let theme = settings.theme
        let glyphs = settings.glyphs
        let area = buffer.area
        buffer.clear(area, style: theme.style(.background))
        let minimum = ConsoleSettings.minimumSize
        if TooSmallNotice.isNeeded(width: area.width, height: area.height, requiredWidth: minimum.width, requiredHeight: minimum.height) {
            buffer.render(TooSmallNotice(requiredWidth: minimum.width, requiredHeight: minimum.height, actualWidth: area.width,
                                         actualHeight: area.height, style: theme.style(.warning).adding(.bold), glyphs: glyphs), in: area)
            return
        }
        let rows = area.splitVertically([.length(2), .fill(1), .length(1), .length(1)])
        LiveStatusBar(cluster: cluster, location: location, themeLabel: settings.colorsDisabled ? "none (NO_COLOR)" : settings.themeName,
                      theme: theme, glyphs: glyphs).render(in: rows[0], buffer: &buffer)
        let body = rows[1]
        let nodesHeight = min(cluster.nodes.count + 3, max(6, body.height / 2))
        let runsHeight = min(max(3, cluster.runs.count + 2), 8)
        let panes = body.splitVertically([.length(nodesHeight), .length(runsHeight), .fill(1)])
        LiveNodesPane(nodes: cluster.nodes, table: nodeTable, started: Set(cluster.nodes.map(\.name).filter { launcher?.startedPID(of: $0) != nil }),
                      frozen: frozen, partitioned: partitioned, staleMicros: Self.staleHeartbeatMicros, theme: theme, glyphs: glyphs, isFocused: focus == .nodes)
            .render(in: panes[0], buffer: &buffer)
        LiveRunsPane(runs: cluster.runs, theme: theme, glyphs: glyphs).render(in: panes[1], buffer: &buffer)
        LiveEventsPane(events: cluster.events, seen: cluster.eventsSeen, scrollBack: eventScrollBack, theme: theme, glyphs: glyphs,
                       isFocused: focus == .events).render(in: panes[2], buffer: &buffer)
        renderMessageRow(in: rows[2], buffer: &buffer)
        renderKeyHints(in: rows[3], buffer: &buffer)
        if overlay == .help { renderHelp(in: area, buffer: &buffer) }
        if !glyphs.isUnicode { ASCIIFallback.apply(to: &buffer) }
    }

    /// A fresh frame of `width`×`height` (tests).
    public func frame(width: Int, height: Int) -> CellBuffer {
        var buffer = CellBuffer(width: width, height: height)
        render(into: &buffer)
        return buffer
    }

    /// A heartbeat older than this shows as missed (the coordinator's default unresponsive-after is longer).
    static let staleHeartbeatMicros: Int64 = 3_000_000

    private func renderMessageRow(in area: Rect, buffer: inout CellBuffer) {
        let theme = settings.theme
        switch overlay {
        case .confirmKill(let node):
            let how = launcher?.startedPID(of: node).map { "SIGKILL to pid \($0)" } ?? "a kill request it obeys by exiting"
            buffer.put(" kill \(node)? \(how) — y to confirm, any other key cancels", in: area, style: theme.style(.warning).adding(.bold))
            return
        case let .pauseFor(node, field):
            let x = buffer.put(" pause \(node) (SIGSTOP) for seconds: ", in: area, style: theme.style(.accent).adding(.bold))
            buffer.put(field.text + "_", x: x, y: area.y, style: theme.style(.text), maxWidth: area.maxX - x)
            return
        case let .partitionFor(node, field):
            let x = buffer.put(" cut \(node) off from the database for seconds: ", in: area, style: theme.style(.accent).adding(.bold))
            buffer.put(field.text + "_", x: x, y: area.y, style: theme.style(.text), maxWidth: area.maxX - x)
            return
        default: break
        }
        if let notice {
            let slot: ThemeSlot = switch notice.level {
            case .info: .accent
            case .warning: .warning
            case .error: .error
            }
            buffer.put(" " + notice.text, in: area, style: theme.style(slot))
        }
    }

    private func renderKeyHints(in area: Rect, buffer: inout CellBuffer) {
        let theme = settings.theme
        let keymap = settings.keymap
        let unicode = settings.glyphs.isUnicode
        let hints = keymap.keyHints([("down", "select"), ("drain", "drain"), ("resume", "resume"), ("kill", "kill")], unicode: unicode)
            + [KeyHintLine.Hint(keys: "P", label: "pause node"), KeyHintLine.Hint(keys: "N", label: "partition")]
            + keymap.keyHints([("next_pane", "events"), ("help", "help"), ("quit", "quit")], unicode: unicode)
        buffer.render(KeyHintLine(hints: KeyHintLine(hints: hints).fitting(width: area.width),
                                  keyStyle: theme.style(.accent).adding(.bold), labelStyle: theme.style(.muted)), in: area)
    }

    private func renderHelp(in area: Rect, buffer: inout CellBuffer) {
        let theme = settings.theme
        let unicode = settings.glyphs.isUnicode
        let keymap = settings.keymap
        let key = { (action: ConsoleAction) in keymap.keys(for: action.rawValue).first?.hintLabel(unicode: unicode) ?? "-" }
        let live = HelpSection(title: "Live mode", entries: [
            HelpEntry(keys: "P", description: "Pause (SIGSTOP) a node this console started, for a chosen time, then SIGCONT"),
            HelpEntry(keys: "N", description: "Partition a node this console started from the database for a chosen time (its proxy cuts every connection)"),
            HelpEntry(keys: key(.kill), description: "Kill: SIGKILL to a node started here, else a kill request the node obeys"),
            HelpEntry(keys: "\(key(.drain)) / \(key(.resume))", description: "Drain / resume through the control table (the node acts at its next heartbeat)"),
            HelpEntry(keys: "time keys", description: "Pause, step, speed, jumps, branches: the wall clock rules, they do nothing"),
        ])
        let help = HelpOverlay(
            title: "Help (live cluster)", sections: [live] + settings.keymap.helpSections(sectionOrder: ConsoleAction.helpSectionOrder),
            scrollOffset: helpScroll, footer: "any other key closes", style: theme.style(.text), borderStyle: theme.style(.borderFocused),
            titleStyle: theme.style(.title), sectionStyle: theme.style(.accent).adding([.bold, .underline]),
            keyStyle: theme.style(.accent).adding(.bold), footerStyle: theme.style(.muted), glyphs: settings.glyphs)
        buffer.render(help, in: area)
    }
}
