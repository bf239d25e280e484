import AureonTUI

/// Everything a key can ask the console to do.
///
/// The raw values are the action names of key files (`--keys FILE`), so they
/// are part of the user-facing format: rename one and old key files break.
public enum ConsoleAction: String, CaseIterable, Sendable {
    case up, down, left, right, top, bottom, pageUp = "page_up", pageDown = "page_down"
    case nextPane = "next_pane", previousPane = "previous_pane", open, back
    case drain, resume, kill, restart, rebalance, filterNodes = "filter_nodes"
    case schedule
    case filterEvents = "filter_events"
    case pause, step, faster, slower
    case help, theme, quit
    case partition, slow, flaky, chaos, timeline
    case command, mark, clearMarks = "clear_marks", sort, reverseSort = "reverse_sort"
    case panBack = "pan_back", panForward = "pan_forward", zoomIn = "zoom_in", zoomOut = "zoom_out"
    case nextCaption = "next_caption", previousCaption = "previous_caption"
    case jumpBack = "jump_back", jumpForward = "jump_forward", previousNotable = "previous_notable", nextNotable = "next_notable"
    case branches, causality

    /// The default bindings, in help-screen order, grouped into help sections.
    ///
    /// `q` quits without a confirmation: the simulation is disposable and a
    /// presenter expects one key to leave.
    public static let defaultBindings: [KeyBinding] = [
        binding(.up, ["up", "k"], "Move up", "Navigation"),
        binding(.down, ["down", "j"], "Move down", "Navigation"),
        binding(.left, ["left", "h"], "Previous shard (runs pane); timeline: scrubber back", "Navigation"),
        binding(.right, ["right", "l"], "Next shard (runs pane); timeline: scrubber forward", "Navigation"),
        binding(.top, ["g", "home"], "First row", "Navigation"),
        binding(.bottom, ["G", "end"], "Last row", "Navigation"),
        binding(.pageUp, ["pgup"], "Page up", "Navigation"),
        binding(.pageDown, ["pgdown"], "Page down", "Navigation"),
        binding(.nextPane, ["tab"], "Next pane", "Navigation"),
        binding(.previousPane, ["shift-tab"], "Previous pane", "Navigation"),
        binding(.open, ["enter"], "Open the selected node's detail; timeline: jump to the scrubber", "Navigation"),
        binding(.back, ["esc"], "Back / close", "Navigation"),
        binding(.drain, ["d"], "Drain the selected node", "Nodes"),
        binding(.resume, ["r"], "Resume a draining node", "Nodes"),
        binding(.kill, ["x"], "Kill the selected node (asks first)", "Nodes"),
        binding(.restart, ["R"], "Restart a killed node", "Nodes"),
        binding(.rebalance, ["b"], "Rebalance unstarted shards", "Nodes"),
        binding(.filterNodes, ["/"], "Filter nodes: regex on name, health, faults (!re inverts)", "Nodes"),
        binding(.mark, ["m"], "Mark / unmark the selected node (actions then apply to all marked)", "Nodes"),
        binding(.clearMarks, ["M"], "Clear every mark", "Nodes"),
        binding(.sort, ["o"], "Sort by the next column (the header shows which)", "Nodes"),
        binding(.reverseSort, ["O"], "Reverse the sort", "Nodes"),
        binding(.partition, ["p"], "Partition / heal the selected node", "Faults"),
        binding(.slow, ["w"], "Make the selected node slow (×4) / normal", "Faults"),
        binding(.flaky, ["f"], "Make the selected node flaky (fails half its work) / reliable", "Faults"),
        binding(.chaos, ["c"], "Seeded chaos on / off (2 faults per virtual minute)", "Faults"),
        binding(.schedule, ["s"], "Schedule a run", "Runs"),
        binding(.filterEvents, ["e"], "Filter events by kind or node", "Events"),
        binding(.pause, ["space"], "Pause / resume the simulation", "Simulation"),
        binding(.step, ["."], "Step one event while paused", "Simulation"),
        binding(.faster, ["+", "="], "Faster (up to ×1000)", "Simulation"),
        binding(.slower, ["-"], "Slower (down to ×0.25)", "Simulation"),
        binding(.timeline, ["v"], "Timeline view: one lane per node, faults listed", "Timeline"),
        binding(.panBack, ["["], "Timeline: pan back in time", "Timeline"),
        binding(.panForward, ["]"], "Timeline: pan forward (to now)", "Timeline"),
        binding(.zoomIn, ["z"], "Timeline: zoom in (half the window)", "Timeline"),
        binding(.zoomOut, ["Z"], "Timeline: zoom out (twice the window)", "Timeline"),
        binding(.jumpBack, ["<"], "Jump back 10 s (into the past of the branch)", "Time travel"),
        binding(.jumpForward, [">"], "Jump forward 10 s (towards the present)", "Time travel"),
        binding(.previousNotable, ["{"], "Jump to the previous kill, fault, expiry, stale write or violation", "Time travel"),
        binding(.nextNotable, ["}"], "Jump to the next notable event", "Time travel"),
        binding(.branches, ["B"], "Branches: list, switch (enter), compare with the current one (c)", "Time travel"),
        binding(.causality, ["A"], "Causality analysis: when did an outcome become inevitable? (:explore OUTCOME; esc cancels)", "Time travel"),
        binding(.nextCaption, ["n"], "Presenter: next caption (also space, enter, right)", "Presenter"),
        binding(.previousCaption, ["backspace"], "Presenter: show the previous caption", "Presenter"),
        binding(.command, [":"], "Command line: drain node-03, kill node-0[1-3], goto 00:02:30, speed 50, theme NAME, q", "General"),
        binding(.help, ["?", "f1"], "Show this help", "General"),
        binding(.theme, ["t"], "Next theme", "General"),
        binding(.quit, ["q", "f10"], "Quit (ctrl-c interrupts: exit status 130)", "General"),
    ]

    /// The help sections in display order.
    public static let helpSectionOrder = ["Navigation", "Nodes", "Faults", "Runs", "Events", "Simulation", "Timeline", "Time travel", "Presenter", "General"]

    /// The default keymap (never fails: the defaults have no conflicts, which a test pins).
    public static func defaultKeymap() -> Keymap {
        // The literal bindings above are conflict-free; a conflict here is a programming error.
        try! Keymap(defaultBindings)
    }

    /// The default keymap overridden by a key file; errors are `file:line: problem`.
    public static func keymap(loadingOverridesFrom path: String?) throws(KeymapError) -> Keymap {
        let base = defaultKeymap()
        guard let path else { return base }
        return try Keymap.load(yamlFile: path, overriding: base, knownActions: Set(allCases.map(\.rawValue)))
    }

    private static func binding(_ action: ConsoleAction, _ keys: [String], _ description: String, _ section: String) -> KeyBinding {
        KeyBinding(action: action.rawValue, keys: keys.compactMap { Key(name: $0) }, description: description, section: section)
    }
}
