import AureonCluster
import AureonEngine
import AureonTUI

/// The update half of the loop: input → state. Overlays see keys first; otherwise the
/// keymap turns a key into a ``ConsoleAction``. Every path ends in ``settle()``.
extension ConsoleApp {
    public func handle(_ event: InputEvent) {
        needsRedraw = true
        switch event {
        case let .resize(width, height): screenSize = TerminalSize(width: width, height: height)
        case .mouse(let mouse): handleMouse(mouse)
        case .key(let key): handleKey(key)
        }
        settle()
    }

    private func handleKey(_ key: Key) {
        // Ctrl-C interrupts from anywhere, whatever the key file says.
        if key == Key.control("c") {
            wasInterrupted = true
            quit()
            return
        }
        switch overlay {
        case let .confirm(preview, choice): handleConfirm(key, preview: preview, choice: choice)
        case .schedule(var form): handleForm(key, form: &form)
        case let .prompt(target, field): handlePrompt(key, target: target, field: field)
        case let .command(field, historyIndex): handleCommandLine(key, field: field, historyIndex: historyIndex)
        case .help: handleHelp(key)
        case .branches(let selected): handleBranchList(key, selected: selected)
        case .compare: overlay = .branches(selected: 0)
        case .none:
            // A waiting presenter caption moves on with the keys a clicker sends.
            if presenter?.isWaiting == true, [.right, .enter, .character(" ")].contains(key) {
                perform(.nextCaption)
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

    // MARK: overlays

    private func handleConfirm(_ key: Key, preview: ActionPreview, choice: ConfirmDialog.Choice) {
        switch key {
        case .character("y"), .character("Y"):
            overlay = .none
            confirm(preview)
        case .character("n"), .character("N"), .escape:
            overlay = .none
            show("cancelled: nothing was done")
        case .enter, .character(" "):
            overlay = .none
            if choice == .yes { confirm(preview) } else { show("cancelled: nothing was done") }
        case .tab, .backTab, .left, .right, .character("h"), .character("l"):
            overlay = .confirm(preview, choice: choice.toggled)
        default:
            break
        }
    }

    /// Carries out exactly the previewed actions (the simulation has not moved since it was shown).
    private func confirm(_ preview: ActionPreview) {
        for action in preview.actions {
            do {
                try performAction(action)
            } catch {
                show(error.message, .error)
                return
            }
        }
        marks.removeAll()
        show(preview.done)
    }

    private func handleForm(_ key: Key, form: inout ScheduleForm) {
        switch key {
        case .escape:
            overlay = .none
            show("scheduling cancelled")
            return
        case .enter:
            guard let spec = form.validatedSpec() else { break }
            do {
                try performAction(.schedule(spec))
                overlay = .none
                if let slot = simulation.runs.firstIndex(where: { $0.spec.id == spec.id }) { runSelection = slot }
                show("scheduled \(spec.id): \(spec.items) items in shards of \(spec.shardSize)")
                return
            } catch {
                form.submitError = error.message
            }
        case .tab, .down:
            form.moveFocus(by: 1)
        case .backTab, .up:
            form.moveFocus(by: -1)
        default:
            _ = form.edit(key)
        }
        overlay = .schedule(form)
    }

    private func handlePrompt(_ key: Key, target: FilterTarget, field: TextField) {
        var field = field
        switch key {
        case .escape:
            setFilter("", for: target)
            overlay = .none
            return
        case .enter:
            overlay = .none
            if target == .nodes, nodeFilter.isActive, !nodeFilter.isRegex { show("not a valid regular expression: matched as plain text", .warning) }
            return
        default:
            guard field.handle(key) else { return }
        }
        setFilter(field.text, for: target)
        overlay = .prompt(target, field)
    }

    func setFilter(_ text: String, for target: FilterTarget) {
        switch target {
        case .nodes:
            nodeFilter = text.isEmpty ? .none : NodeFilter(text: text, names: simulation.nodes.map(\.name))
        case .events:
            eventFilter = text
            eventScrollBack = 0
        }
    }

    private func handleCommandLine(_ key: Key, field: TextField, historyIndex: Int?) {
        var field = field
        switch key {
        case .escape:
            overlay = .none
        case .enter:
            overlay = .none
            let line = field.text.trimmingBlanks()
            guard !line.isEmpty else { return }
            if commandHistory.last != line { commandHistory.append(line) }
            if commandHistory.count > Self.commandHistoryLimit { commandHistory.removeFirst() }
            run(commandLine: line)
        case .tab:
            let completed = ConsoleCommandLine.complete(field.text, simulation: simulation, themes: settings.catalog.themeNames)
            overlay = .command(TextField(completed), historyIndex: historyIndex)
        case .up, .down:
            guard !commandHistory.isEmpty else { return }
            let current = historyIndex ?? commandHistory.count
            let next = min(max(0, current + (key == .up ? -1 : 1)), commandHistory.count)
            overlay = .command(TextField(next == commandHistory.count ? "" : commandHistory[next]), historyIndex: next)
        default:
            if key == .backspace, field.text.isEmpty {
                overlay = .none
                return
            }
            guard field.handle(key) else { return }
            overlay = .command(field, historyIndex: historyIndex)
        }
    }

    private func run(commandLine line: String) {
        switch ConsoleCommandLine.parse(line, simulation: simulation, themes: settings.catalog.themeNames) {
        case .failure(let error): show(":\(line): \(error.problem)", .error)
        case .success(let command):
            switch command {
            case .quit: quit()
            case .help: perform(.help)
            case .goto(let time):
                guard let machine else { return show(":goto: not in a replay (aureon replay FILE --branch NAME)", .warning) }
                guard time <= machine.branch.end.time else {
                    return show(":\(line): \(Self.clock(time)) is after the present of \(machine.currentBranch) (\(Self.clock(machine.branch.end.time)))", .error)
                }
                jump(to: time)
            case .explore(let outcome): explore(outcome)
            case .speed(let speed):
                pacer.setSpeed(speed)
                commitRates.reset(speed: pacer.speed, now: simulation.now, commits: simulation.counters.commits)
                show("speed \(ConsoleFormat.speed(pacer.speed, glyphs: settings.glyphs))")
            case .theme(let name):
                do {
                    settings.theme = try settings.catalog.resolve(name)
                    settings.themeName = name
                    show("theme \(name)")
                } catch {
                    show(":theme: \(error.problem)", .error)
                }
            case let .actions(verb, targets):
                guard !isReplay else { return refuseInReplay() }
                if verb == "kill" {
                    let live = targets.compactMap(\.node).filter { !simulation.nodes[$0.index].isKilled }
                    guard !live.isEmpty else { return show("every node named is already killed", .warning) }
                    overlay = .confirm(.kill(live, in: simulation), choice: .no)
                } else if targets.count > 1 {
                    overlay = .confirm(.bulk(verb, targets.map { ($0.node ?? NodeID(0), $0.action) }, in: simulation), choice: .no)
                } else if let target = targets.first {
                    apply(target.action, done: "\(line): done")
                }
            }
        }
    }

    private func handleHelp(_ key: Key) {
        let action = settings.keymap.action(for: key).flatMap(ConsoleAction.init(rawValue:))
        switch action {
        case .up?: helpScroll = max(0, helpScroll - 1)
        case .down?: helpScroll += 1
        case .pageUp?: helpScroll = max(0, helpScroll - 10)
        case .pageDown?: helpScroll += 10
        case .quit?:
            quit()
        default:
            overlay = .none
        }
    }

    // MARK: actions

    func perform(_ action: ConsoleAction) {
        switch action {
        case .up: move(by: -1)
        case .down: move(by: 1)
        case .pageUp: move(by: -10)
        case .pageDown: move(by: 10)
        case .top: move(by: Int.min / 2)
        case .bottom: move(by: Int.max / 2)
        case .left: showsTimeline && detailNode == nil ? moveScrubber(by: -1) : moveShard(by: -1)
        case .right: showsTimeline && detailNode == nil ? moveScrubber(by: 1) : moveShard(by: 1)
        case .nextPane: cycleFocus(by: 1)
        case .previousPane: cycleFocus(by: -1)
        case .open:
            if let cursor = scrubCursor, showsTimeline, detailNode == nil {
                scrubCursor = nil
                jump(to: cursor)
            } else {
                openDetail()
            }
        case .back: back()
        case .drain: onTargets("drain", { .drain($0) })
        case .resume: onTargets("resume", { .resume($0) })
        case .restart: onTargets("restart", { [self] node in simulation.nodes[node.index].isKilled ? .restart(node) : nil },
                                 skipped: "only a killed node can be restarted")
        case .kill: openKill()
        case .rebalance:
            let before = simulation.events.count(of: .rebalanced)
            apply(.rebalance, done: "rebalanced")
            if simulation.events.count(of: .rebalanced) == before, notice?.level == .info { show("rebalance: nothing to move") }
        case .filterNodes: overlay = .prompt(.nodes, TextField(nodeFilter.text))
        case .filterEvents: overlay = .prompt(.events, TextField(eventFilter))
        case .schedule:
            guard !isReplay else { return refuseInReplay() }
            overlay = .schedule(ScheduleForm(runID: simulation.nextRunID()))
        case .pause:
            pacer.isPaused.toggle()
            show(pacer.isPaused ? "paused: . steps one event, space resumes" : "running")
        case .step: stepOnce()
        case .faster: changeSpeed(by: 1)
        case .slower: changeSpeed(by: -1)
        case .help:
            helpScroll = 0
            overlay = .help(scrollOffset: 0)
        case .theme: cycleTheme()
        case .quit: quit()
        case .partition: onTargets("partition", { [self] node in
            simulation.nodes[node.index].faults.isPartitioned ? .heal([node]) : .partition([node], duration: nil)
        })
        case .slow: onTargets("slow", { [self] node in
            .slow(node, factor: simulation.nodes[node.index].faults.slowFactor > 1 ? 1 : 4, duration: nil)
        })
        case .flaky: onTargets("flaky", { [self] node in
            .flaky(node, probability: simulation.nodes[node.index].faults.failureProbability > 0 ? 0 : 0.5, duration: nil)
        })
        case .chaos:
            let on = simulation.chaosFaultsPerMinute > 0
            apply(.chaos(faultsPerMinute: on ? 0 : 2), done: on ? "chaos off" : "chaos on: 2 seeded faults per virtual minute")
        case .timeline:
            showsTimeline.toggle()
            show(showsTimeline ? "timeline: lanes follow the selected node (j/k), [ ] pan, z Z zoom, v returns" : "main view")
        case .command: overlay = .command(TextField(""), historyIndex: nil)
        case .mark:
            guard let node = targetNode?.index else { return show("no node selected", .warning) }
            if marks.remove(node) == nil { marks.insert(node) }
            move(by: 1)
        case .clearMarks:
            marks.removeAll()
            show("marks cleared")
        case .sort:
            nodeSort.cycle()
            show("nodes sorted by \(nodeSort.key.title)\(nodeSort.isDescending ? ", descending" : "") (O reverses)")
        case .reverseSort:
            nodeSort.isDescending.toggle()
            show("nodes sorted by \(nodeSort.key.title)\(nodeSort.isDescending ? ", descending" : "")")
        case .panBack: timelinePanBack = timelinePanBack + timelineWindow / 4
        case .panForward: timelinePanBack = max(.zero, timelinePanBack - timelineWindow / 4)
        case .zoomIn: timelineWindow = max(Self.minimumTimelineWindow, timelineWindow / 2)
        case .zoomOut: timelineWindow = min(Self.maximumTimelineWindow, timelineWindow * 2)
        case .nextCaption:
            guard presenter != nil else { return show("next caption: only in presenter mode (--present)", .warning) }
            presenter?.proceed()
        case .causality:
            showsTimeline = true
            overlay = .command(TextField("explore dead_lettered > 0"), historyIndex: nil)
        case .jumpBack: jump(by: -1)
        case .jumpForward: jump(by: 1)
        case .previousNotable: jumpToNotable(forward: false)
        case .nextNotable: jumpToNotable(forward: true)
        case .branches:
            guard let machine else { return show("branches: not in a replay (aureon branches FILE lists a recording's)", .warning) }
            overlay = .branches(selected: machine.tree.branches.firstIndex { $0.name == machine.currentBranch } ?? 0)
        case .previousCaption:
            guard var state = presenter else { return show("previous caption: only in presenter mode (--present)", .warning) }
            state.reviewing = min(max(0, captionHistory.count - 1), state.reviewing + 1)
            presenter = state
        }
    }

    static let minimumTimelineWindow = VirtualDuration.seconds(15)
    static let maximumTimelineWindow = VirtualDuration.minutes(64)

    /// Carries out an operator action through the simulation (so it is recorded) and reports the outcome.
    func apply(_ action: OperatorAction, done: String) {
        guard !isReplay else { return refuseInReplay() }
        do {
            try performAction(action)
            show(done)
        } catch {
            show(error.message, .error)
        }
    }

    private func refuseInReplay() {
        show("replay: operator actions are off (space, . and +/- still work)", .warning)
    }

    /// The nodes a node action applies to: every marked node (in node order), else the target.
    private var actionTargets: [NodeID] {
        marks.isEmpty ? (targetNode.map { [$0] } ?? []) : marks.sorted().map(NodeID.init)
    }

    /// One node: done at once. Marked nodes: one confirmation listing them all.
    private func onTargets(_ verb: String, _ make: (NodeID) -> OperatorAction?, skipped: String = "") {
        guard !isReplay else { return refuseInReplay() }
        let targets = actionTargets
        guard !targets.isEmpty else { return show("no node selected", .warning) }
        let actions = targets.compactMap { node in make(node).map { (node, $0) } }
        guard !actions.isEmpty else { return show("\(targets.map { simulation.naming.name(of: $0) }.joined(separator: ", ")): \(skipped)", .warning) }
        if marks.isEmpty, let (node, action) = actions.first {
            apply(action, done: "\(verb) \(simulation.naming.name(of: node)): done")
        } else {
            overlay = .confirm(.bulk(verb, actions, in: simulation), choice: .no)
        }
    }

    private func openKill() {
        guard !isReplay else { return refuseInReplay() }
        let targets = actionTargets
        guard !targets.isEmpty else { return show("no node selected", .warning) }
        let live = targets.filter { !simulation.nodes[$0.index].isKilled }
        guard !live.isEmpty else {
            return show("\(targets.map { simulation.naming.name(of: $0) }.joined(separator: ", ")) already killed; R restarts", .warning)
        }
        overlay = .confirm(.kill(live, in: simulation), choice: .no)
    }

    private func move(by delta: Int) {
        switch focus {
        case .nodes:
            nodeTable.moveSelection(by: delta, rowCount: listedNodes.count)
            selectedNode = nodeTable.selected.map { listedNodes[$0] }
        case .runs:
            runSelection += max(-simulation.runs.count, min(simulation.runs.count, delta))
            shardSelection = 0
        case .leases:
            let count = targetNode.map { simulation.heldLeases(of: $0.index).count } ?? 0
            leaseTable.moveSelection(by: delta, rowCount: count)
        case .events:
            // Up goes back in time.
            eventScrollBack = min(max(0, eventScrollBack - delta), simulation.events.capacity)
        }
    }

    private func moveShard(by delta: Int) {
        guard focus == .runs else { return }
        shardSelection += delta
    }

    private func cycleFocus(by delta: Int) {
        // The detail screen shows only the node's leases and events; Tab stays among them.
        let panes: [Pane] = detailNode == nil ? Pane.allCases : [.leases, .events]
        let current = panes.firstIndex(of: focus) ?? 0
        focus = panes[((current + delta) % panes.count + panes.count) % panes.count]
    }

    private func openDetail() {
        if focus == .runs, simulation.runs.indices.contains(runSelection) {
            let run = simulation.runs[runSelection]
            if run.shardOwners.indices.contains(shardSelection), run.shardOwners[shardSelection] >= 0 {
                detailNode = NodeID(Int(run.shardOwners[shardSelection]))
                focus = .leases
                return
            }
        }
        guard let node = targetNode else { return }
        detailNode = node
        focus = .leases
        leaseTable = TableState(selected: nil)
        eventScrollBack = 0
    }

    private func back() {
        if let causality, !causality.isFinished {
            self.causality = nil
            show("causality analysis cancelled")
        } else if scrubCursor != nil {
            scrubCursor = nil
        } else if detailNode != nil {
            detailNode = nil
            focus = .nodes
            eventScrollBack = 0
        } else if showsTimeline {
            showsTimeline = false
        } else if nodeFilter.isActive || !eventFilter.isEmpty || !marks.isEmpty {
            setFilter("", for: .nodes)
            setFilter("", for: .events)
            marks.removeAll()
            show("filters and marks cleared")
        }
    }

    private func stepOnce() {
        guard pacer.isPaused else {
            show("step works while paused: press space first", .warning)
            return
        }
        let stepped: Bool
        if let machine, machine.isInPast {
            // Along the recorded future: the time machine applies its actions where they happened.
            stepped = machine.advance(to: machine.branch.end.time, maxEvents: 1) == 1
        } else {
            stepped = simulation.step()
            // The branch grows to the new present (a recording saves the tree as far as it got).
            machine?.advance(to: simulation.now, maxEvents: 0)
        }
        if stepped {
            commitRates.observe(now: simulation.now, commits: simulation.counters.commits)
            let last = simulation.events.newest(1).first
            show("stepped to \(simulation.now)" + (last.map { ": \($0.kind.rawValue)" } ?? ""))
        } else {
            show("nothing left to step", .warning)
        }
    }

    private func changeSpeed(by steps: Int) {
        pacer.changeSpeed(by: steps)
        commitRates.reset(speed: pacer.speed, now: simulation.now, commits: simulation.counters.commits)
        show("speed \(ConsoleFormat.speed(pacer.speed, glyphs: settings.glyphs))")
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

    /// The branch list: up and down select, enter switches, c compares with the current branch.
    private func handleBranchList(_ key: Key, selected: Int) {
        guard let machine else { return overlay = .none }
        let branches = machine.tree.branches
        let action = settings.keymap.action(for: key).flatMap(ConsoleAction.init(rawValue:))
        switch (key, action) {
        case (.escape, _), (_, .branches?):
            overlay = .none
        case (.enter, _):
            overlay = .none
            switchBranch(to: branches[selected].name)
        case (.character("c"), _):
            overlay = .compare(current: machine.currentBranch, other: branches[selected].name)
        case (_, .up?):
            overlay = .branches(selected: max(0, selected - 1))
        case (_, .down?):
            overlay = .branches(selected: min(branches.count - 1, selected + 1))
        default:
            break
        }
    }

    /// Moves the timeline's scrubber a fortieth of the window (starting at the moment shown).
    private func moveScrubber(by steps: Int) {
        guard machine != nil else { return show("scrubber: not in a replay", .warning) }
        let end = machine?.branch.end.time ?? simulation.now
        let start = scrubCursor ?? simulation.now
        let moved = start + timelineWindow / 40 * Int64(steps)
        scrubCursor = min(max(.zero, moved), end)
    }

    // MARK: mouse

    private func handleMouse(_ mouse: MouseEvent) {
        guard case .none = overlay else { return }
        let layout = self.layout
        let panes = detailNode == nil ? layout.mainPanes : layout.detailPanes
        let pane = panes.first { $0.1.contains(x: mouse.x, y: mouse.y) }?.0
        switch mouse.kind {
        case .wheelUp, .wheelDown:
            let delta = mouse.kind == .wheelUp ? -3 : 3
            if let pane { focus = pane }
            move(by: delta)
        case .click:
            if let pane { focus = pane }
            let table = layout.nodesTable
            // Row 0 of the table rect is its header.
            if detailNode == nil, pane == .nodes, table.contains(x: mouse.x, y: mouse.y), mouse.y > table.y {
                let row = nodeTable.offset + (mouse.y - table.y - 1)
                if row < listedNodes.count {
                    nodeTable.selected = row
                    selectedNode = listedNodes[row]
                }
            }
            let runs = layout.runsList(runCount: simulation.runs.count)
            if detailNode == nil, pane == .runs, runs.contains(x: mouse.x, y: mouse.y) {
                let index = runsListOffset + (mouse.y - runs.y) / ConsoleLayout.rowsPerRun
                if simulation.runs.indices.contains(index) {
                    runSelection = index
                    shardSelection = 0
                }
            }
        }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    func trimmingBlanks() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
