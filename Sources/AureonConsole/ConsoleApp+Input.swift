import AureonCluster
import AureonEngine
import AureonTUI

/// The update half of the loop: input → state. Overlays see keys first; otherwise the
/// keymap turns a key into a ``ConsoleAction``.
extension ConsoleApp {
    public func handle(_ event: InputEvent) {
        needsRedraw = true
        switch event {
        case .resize: break  // the next frame is built at the new size
        case .mouse(let mouse): handleMouse(mouse)
        case .key(let key): handleKey(key)
        }
    }

    private func handleKey(_ key: Key) {
        switch overlay {
        case let .confirmKill(preview, choice): handleConfirm(key, preview: preview, choice: choice)
        case .schedule(var form): handleForm(key, form: &form)
        case let .prompt(target, field): handlePrompt(key, target: target, field: field)
        case .help: handleHelp(key)
        case .none:
            guard let name = settings.keymap.action(for: key), let action = ConsoleAction(rawValue: name) else { return }
            perform(action)
        }
    }

    // MARK: overlays

    private func handleConfirm(_ key: Key, preview: KillPreview, choice: ConfirmDialog.Choice) {
        switch key {
        case .character("y"), .character("Y"):
            overlay = .none
            kill(preview.node)
        case .character("n"), .character("N"), .escape:
            overlay = .none
            show("kill cancelled")
        case .enter, .character(" "):
            overlay = .none
            if choice == .yes { kill(preview.node) } else { show("kill cancelled") }
        case .tab, .backTab, .left, .right, .character("h"), .character("l"):
            overlay = .confirmKill(preview, choice: choice.toggled)
        default:
            break
        }
    }

    private func kill(_ node: NodeID) {
        apply(.kill(node), done: "killed \(simulation.naming.name(of: node)); its leases expire and their shards are redelivered")
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
                try simulation.perform(.schedule(spec))
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
            return
        default:
            guard field.handle(key) else { return }
        }
        setFilter(field.text, for: target)
        overlay = .prompt(target, field)
    }

    private func setFilter(_ text: String, for target: FilterTarget) {
        switch target {
        case .nodes:
            let previous = targetNode
            nodeFilter = text
            let list = listedNodes
            nodeTable.selected = previous.flatMap { list.position(of: $0.index) } ?? (list.count > 0 ? 0 : nil)
        case .events:
            eventFilter = text
            eventScrollBack = 0
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
        case .left: moveShard(by: -1)
        case .right: moveShard(by: 1)
        case .nextPane: cycleFocus(by: 1)
        case .previousPane: cycleFocus(by: -1)
        case .open: openDetail()
        case .back: back()
        case .drain: onTargetNode { apply(.drain($0), done: "draining \(simulation.naming.name(of: $0)): it finishes its work and takes nothing new") }
        case .resume: onTargetNode { apply(.resume($0), done: "resumed \(simulation.naming.name(of: $0))") }
        case .restart: onTargetNode { node in
            guard simulation.nodes[node.index].isKilled else {
                show("\(simulation.naming.name(of: node)) is not killed; only a killed node can be restarted", .warning)
                return
            }
            apply(.restart(node), done: "restarted \(simulation.naming.name(of: node)) as a new incarnation")
        }
        case .kill: onTargetNode { node in
            guard !simulation.nodes[node.index].isKilled else {
                show("\(simulation.naming.name(of: node)) is already killed; R restarts it", .warning)
                return
            }
            overlay = .confirmKill(KillPreview(simulation: simulation, node: node), choice: .no)
        }
        case .rebalance:
            let before = simulation.events.count(of: .rebalanced)
            apply(.rebalance, done: "rebalanced")
            if simulation.events.count(of: .rebalanced) == before, notice?.level == .info { show("rebalance: nothing to move") }
        case .filterNodes: overlay = .prompt(.nodes, TextField(nodeFilter))
        case .filterEvents: overlay = .prompt(.events, TextField(eventFilter))
        case .schedule: overlay = .schedule(ScheduleForm(runID: simulation.nextRunID()))
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
        case .partition: onTargetNode { node in
            let name = simulation.naming.name(of: node)
            if simulation.nodes[node.index].faults.isPartitioned {
                apply(.heal([node]), done: "healed \(name): its late writes will now meet the fencing tokens")
            } else {
                apply(.partition([node], duration: nil), done: "partitioned \(name): a zombie until healed (p again)")
            }
        }
        case .slow: onTargetNode { node in
            let slowed = simulation.nodes[node.index].faults.slowFactor > 1
            apply(.slow(node, factor: slowed ? 1 : 4, duration: nil),
                  done: "\(simulation.naming.name(of: node)) \(slowed ? "back to normal speed" : "is now ×4 slower")")
        }
        case .flaky: onTargetNode { node in
            let flaky = simulation.nodes[node.index].faults.failureProbability > 0
            apply(.flaky(node, probability: flaky ? 0 : 0.5, duration: nil),
                  done: "\(simulation.naming.name(of: node)) \(flaky ? "is reliable again" : "now fails half its work")")
        }
        case .chaos:
            let on = simulation.chaosFaultsPerMinute > 0
            apply(.chaos(faultsPerMinute: on ? 0 : 2), done: on ? "chaos off" : "chaos on: 2 seeded faults per virtual minute")
        case .timeline:
            showsTimeline.toggle()
            show(showsTimeline ? "timeline: lanes follow the selected node (j/k), v returns" : "main view")
        }
    }

    /// Carries out an operator action through the simulation (so it is recorded) and reports the outcome.
    func apply(_ action: OperatorAction, done: String) {
        guard !isReplay else {
            show("replaying a recording: operator actions are off (space, . and +/- still work)", .warning)
            return
        }
        do {
            try simulation.perform(action)
            show(done)
        } catch {
            show(error.message, .error)
        }
    }

    private func onTargetNode(_ body: (NodeID) -> Void) {
        guard let node = targetNode else {
            show("no node selected", .warning)
            return
        }
        body(node)
    }

    private func move(by delta: Int) {
        switch focus {
        case .nodes:
            nodeTable.moveSelection(by: delta, rowCount: listedNodes.count)
        case .runs:
            guard !simulation.runs.isEmpty else { return }
            runSelection = min(max(0, runSelection + delta), simulation.runs.count - 1)
            shardSelection = 0
        case .leases:
            let count = detailNode.map { simulation.heldLeases(of: $0.index).count } ?? targetNode.map { simulation.heldLeases(of: $0.index).count } ?? 0
            leaseTable.moveSelection(by: delta, rowCount: count)
        case .events:
            // Up goes back in time.
            eventScrollBack = min(max(0, eventScrollBack - delta), simulation.events.capacity)
        }
    }

    private func moveShard(by delta: Int) {
        guard focus == .runs, simulation.runs.indices.contains(runSelection) else { return }
        let count = simulation.runs[runSelection].shardCount
        shardSelection = min(max(0, shardSelection + delta), max(0, count - 1))
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
        if detailNode != nil {
            detailNode = nil
            focus = .nodes
            eventScrollBack = 0
        } else if !nodeFilter.isEmpty || !eventFilter.isEmpty {
            setFilter("", for: .nodes)
            setFilter("", for: .events)
            show("filters cleared")
        }
    }

    private func stepOnce() {
        guard pacer.isPaused else {
            show("step works while paused: press space first", .warning)
            return
        }
        if simulation.step() {
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

    // MARK: mouse

    private func handleMouse(_ mouse: MouseEvent) {
        guard case .none = overlay else { return }
        let pane = hitAreas.panes.first { $0.1.contains(x: mouse.x, y: mouse.y) }?.0
        switch mouse.kind {
        case .wheelUp, .wheelDown:
            let delta = mouse.kind == .wheelUp ? -3 : 3
            if let pane { focus = pane }
            move(by: delta)
        case .click:
            if let pane { focus = pane }
            let table = hitAreas.nodesTable
            // Row 0 of the table rect is its header.
            if pane == .nodes, table.contains(x: mouse.x, y: mouse.y), mouse.y > table.y {
                let row = nodeTable.offset + (mouse.y - table.y - 1)
                if row < listedNodes.count { nodeTable.selected = row }
            }
            let runs = hitAreas.runsList
            if pane == .runs, runs.contains(x: mouse.x, y: mouse.y) {
                let index = runsListOffset + (mouse.y - runs.y) / RunsPane.rowsPerRun
                if simulation.runs.indices.contains(index) {
                    runSelection = index
                    shardSelection = 0
                }
            }
        }
    }
}
