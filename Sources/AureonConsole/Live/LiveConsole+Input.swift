import AureonPostgres
import AureonTUI

/// The live console's update step for keys: overlays first, then the shared keymap's
/// ``ConsoleAction``s; `P` (pause a node) and `N` (cut it off from the network) are the keys
/// of its own.
extension LiveConsole {
    public func handle(_ event: InputEvent) {
        needsRedraw = true
        switch event {
        case let .resize(width, height): resize(width: width, height: height)
        case .mouse: break
        case .key(let key): handleKey(key)
        }
        clampSelection()
    }

    private func handleKey(_ key: Key) {
        // Ctrl-C interrupts from anywhere, whatever the key file says.
        if key == Key.control("c") {
            wasInterrupted = true
            quit()
            return
        }
        switch overlay {
        case .help:
            switch key {
            case .down, .character("j"): helpScroll += 1
            case .up, .character("k"): helpScroll = max(0, helpScroll - 1)
            default: overlay = .none
            }
        case .confirmKill(let node):
            overlay = .none
            if key == .character("y") || key == .character("Y") { kill(node) } else { show("cancelled: nothing was done") }
        case .pauseFor(let node, var field):
            if let seconds = typeSeconds(key, into: &field, for: "pause") {
                freeze(node, for: seconds)
            } else if overlay != .none {
                overlay = .pauseFor(node: node, field: field)
            }
        case .partitionFor(let node, var field):
            if let seconds = typeSeconds(key, into: &field, for: "partition") {
                cut(node, for: seconds)
            } else if overlay != .none {
                overlay = .partitionFor(node: node, field: field)
            }
        case .none:
            if key == .character("P") {
                askFreeze()
                return
            }
            if key == .character("N") {
                askPartition()
                return
            }
            guard let name = settings.keymap.action(for: key), let action = ConsoleAction(rawValue: name) else {
                notice = Notice(text: "unbound key \(key.hintLabel(unicode: settings.glyphs.isUnicode)) \(settings.glyphs.isUnicode ? "—" : "-") ? for help",
                                level: .warning, remaining: Notice.shortDisplayTime)
                return
            }
            perform(action)
        }
    }

    /// Carries out one keymap action.
    func perform(_ action: ConsoleAction) {
        if Self.timeActions.contains(action) {
            show(Self.wallClockRules, .warning)
            return
        }
        let count = cluster.nodes.count
        switch action {
        case .up: move(by: -1)
        case .down: move(by: 1)
        case .pageUp: move(by: -10)
        case .pageDown: move(by: 10)
        case .top:
            if focus == .nodes { nodeTable.selectFirst(rowCount: count) } else { eventScrollBack = cluster.events.count }
        case .bottom:
            if focus == .nodes { nodeTable.selectLast(rowCount: count) } else { eventScrollBack = 0 }
        case .nextPane, .previousPane: focus = focus == .nodes ? .events : .nodes
        case .drain: order(.drain)
        case .resume: order(.resume)
        case .kill:
            guard let node = selectedNode else { return show("no node selected", .warning) }
            overlay = .confirmKill(node: node.name)
        case .help:
            helpScroll = 0
            overlay = .help
        case .theme: cycleTheme()
        case .quit: quit()
        case .back: focus = .nodes
        default: show("live: \(action.rawValue.replacingOccurrences(of: "_", with: " ")) is not available over a live cluster", .warning)
        }
    }

    private func move(by rows: Int) {
        if focus == .nodes {
            nodeTable.moveSelection(by: rows, rowCount: cluster.nodes.count)
        } else {
            eventScrollBack = max(0, eventScrollBack - rows)
        }
    }

    /// Drain or resume the selected node through the control table.
    private func order(_ action: ControlAction) {
        guard let node = selectedNode else { return show("no node selected", .warning) }
        if link.request(action, for: node.name) {
            show("\(action.rawValue) \(node.name): request sent")
        } else {
            show("\(action.rawValue) \(node.name): too many requests waiting for the database", .error)
        }
    }

    /// SIGKILL when the node is ours; otherwise a kill request the node obeys by exiting.
    private func kill(_ node: String) {
        if let pid = launcher?.startedPID(of: node) {
            frozen[node] = nil
            if launcher?.send(.kill, to: node) == true {
                show("\(node): SIGKILL sent to pid \(pid); the coordinator will find it silent and fence it", .warning)
            } else {
                show("\(node): the process is already gone", .warning)
            }
        } else if link.request(.kill, for: node) {
            show("kill \(node): request sent (not started by this console: it exits at its next heartbeat)", .warning)
        } else {
            show("kill \(node): too many requests waiting for the database", .error)
        }
    }

    /// One key into a seconds field: the seconds on Enter (the overlay closed), nil otherwise —
    /// the overlay closed too on Escape, or left open (the caller stores the edited field).
    private func typeSeconds(_ key: Key, into field: inout TextField, for what: String) -> Int? {
        switch key {
        case .escape:
            overlay = .none
            show("cancelled: nothing was done")
        case .enter:
            guard let seconds = Int(field.text), Self.freezeSecondsRange.contains(seconds) else {
                show("\(what): seconds must be a whole number in \(Self.freezeSecondsRange.lowerBound)…\(Self.freezeSecondsRange.upperBound)", .error)
                return nil
            }
            overlay = .none
            return seconds
        default:
            _ = field.handle(key)
        }
        return nil
    }

    private func askPartition() {
        guard let node = selectedNode else { return show("no node selected", .warning) }
        guard launcher?.startedPID(of: node.name) != nil else {
            return show("partition: \(node.name) was not started by this console, so its connections are not ours to cut", .warning)
        }
        guard partitioned[node.name] == nil else { return show("partition: \(node.name) is already cut off", .warning) }
        overlay = .partitionFor(node: node.name, field: TextField(String(Self.defaultFreezeSeconds)))
    }

    /// Cuts the node's database connections now, heals them after `seconds` of wall time.
    private func cut(_ node: String, for seconds: Int) {
        guard launcher?.send(.cut, to: node) == true else { return show("\(node): cannot be cut off (gone, or not behind a proxy of ours)", .warning) }
        partitioned[node] = .seconds(seconds)
        show("\(node) cut off from the database for \(seconds) s; the coordinator will find it silent", .warning)
    }

    private func askFreeze() {
        guard let node = selectedNode else { return show("no node selected", .warning) }
        guard launcher?.startedPID(of: node.name) != nil else {
            return show("pause: \(node.name) was not started by this console, so it cannot be stopped from here", .warning)
        }
        overlay = .pauseFor(node: node.name, field: TextField(String(Self.defaultFreezeSeconds)))
    }

    /// SIGSTOP now, SIGCONT after `seconds` of wall time (``tick(wallElapsed:)`` sends it).
    private func freeze(_ node: String, for seconds: Int) {
        guard launcher?.send(.stop, to: node) == true else { return show("\(node): the process is already gone", .warning) }
        frozen[node] = .seconds(seconds)
        show("\(node) paused (SIGSTOP) for \(seconds) s; its late writes will be refused as stale", .warning)
    }

    private func cycleTheme() {
        let cycle = settings.catalog.next(after: settings.themeName)
        settings.theme = cycle.theme
        settings.themeName = cycle.name
        if let skipped = cycle.notice {
            show(skipped + " — now \(cycle.name)", .warning)
        } else {
            show("theme \(cycle.name)")
        }
    }
}
