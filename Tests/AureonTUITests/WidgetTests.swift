import Testing
@testable import AureonTUI

private func render(_ widget: some Widget, width: Int, height: Int) -> CellBuffer {
    var buffer = CellBuffer(width: width, height: height)
    buffer.render(widget, in: buffer.area)
    return buffer
}

@Suite("Widgets")
struct WidgetTests {
    // MARK: Table

    private func nodeTable(rows: Int, calls: Counter? = nil, nameWidth: Int = 7) -> Table {
        Table(
            columns: [Table.Column("NODE", width: .length(nameWidth)), Table.Column("DONE", width: .fill(1), alignment: .right)],
            rowCount: rows
        ) { index in
            calls?.count += 1
            return Table.Row([Span("node-\(index)"), Span("\(index * 10)")])
        }
    }

    final class Counter {
        var count = 0
    }

    @Test func tableSnapshotWithSelectionScrolledIntoView() {
        let table = nodeTable(rows: 10)
        var buffer = CellBuffer(width: 16, height: 4)
        var state = TableState(selected: 5)
        table.render(in: buffer.area, buffer: &buffer, state: &state)
        #expect(buffer.text() == """
             NODE       DONE
             node-3       30
             node-4       40
            ▸node-5       50
            """)
        #expect(state.offset == 3)
        #expect(buffer[1, 3].style.attributes.contains(.reverse))
        #expect(!buffer[1, 2].style.attributes.contains(.reverse))

        // Moving up past the top scrolls back.
        state.moveSelection(by: -4, rowCount: 10)
        buffer = CellBuffer(width: 16, height: 4)
        table.render(in: buffer.area, buffer: &buffer, state: &state)
        #expect(state.offset == 1)
        #expect(buffer.lines[1].hasPrefix("▸node-1"))
    }

    @Test func tableClampsStaleSelectionAndOffset() {
        var state = TableState(selected: 50, offset: 40)
        var buffer = CellBuffer(width: 16, height: 4)
        nodeTable(rows: 5).render(in: buffer.area, buffer: &buffer, state: &state)
        #expect(state.selected == 4)
        #expect(state.offset == 2)
        #expect(buffer.lines[3].hasPrefix("▸node-4"))
    }

    @Test func hundredThousandRowsRenderOnlyVisibleRows() {
        let calls = Counter()
        let table = nodeTable(rows: 100_000, calls: calls, nameWidth: 10)
        var buffer = CellBuffer(width: 20, height: 11)
        var state = TableState(selected: 99_999)
        table.render(in: buffer.area, buffer: &buffer, state: &state)
        #expect(calls.count == 10)
        #expect(state.offset == 99_990)
        #expect(buffer.lines[10].hasPrefix("▸node-99999"))
    }

    @Test func tableSurvivesTinyAreas() {
        for (w, h) in [(0, 0), (1, 1), (2, 1), (1, 3)] {
            var buffer = CellBuffer(width: w, height: h)
            var state = TableState(selected: 3)
            nodeTable(rows: 10).render(in: buffer.area, buffer: &buffer, state: &state)
            #expect(buffer.width == w)
        }
    }

    // MARK: Progress bar

    @Test func progressBarFractions() {
        func bar(_ f: Double, glyphs: GlyphSet = .unicode) -> String {
            render(ProgressBar(fraction: f, glyphs: glyphs), width: 10, height: 1).text()
        }
        #expect(bar(0) == "░░░░░░░░░░")
        #expect(bar(0.5) == "█████░░░░░")
        #expect(bar(1) == "██████████")
        #expect(bar(-3) == bar(0))
        #expect(bar(7) == bar(1))
        #expect(bar(.nan) == bar(0))
        #expect(bar(0.5, glyphs: .ascii) == "#####.....")
    }

    @Test func progressBarUsesEighthBlocks() {
        // 0.55 of 10 cells = 5.5 cells = 5 full + 4/8.
        let text = render(ProgressBar(fraction: 0.55), width: 10, height: 1).text()
        #expect(text == "█████▌░░░░")
    }

    @Test func progressBarLabelAndClampedPercent() {
        let text = render(ProgressBar(fraction: 0.72, label: ProgressBar.percentText(0.72)), width: 14, height: 1).text()
        #expect(text == "███████▏░░ 72%")
        #expect(ProgressBar.percentText(0.999) == "99%")
        #expect(ProgressBar.percentText(2) == "100%")
        #expect(ProgressBar.percentText(-1) == "0%")
        // Too narrow for the label: the bar keeps the whole width.
        #expect(render(ProgressBar(fraction: 1, label: "100%"), width: 6, height: 1).text() == "██████")
    }

    // MARK: Sparkline

    @Test func sparklineMapsValuesToLevels() {
        let line = Sparkline(values: [0, 1, 2, 3, 4, 5, 6, 7])
        #expect(line.string() == "▁▂▃▄▅▆▇█")
        #expect(Sparkline(values: [5, 5, 5]).string() == "███")
        #expect(Sparkline(values: [0, 0]).string() == "▁▁")
        #expect(Sparkline(values: [-1, .nan, 10], maximum: 10).string() == "▁▁█")
        #expect(Sparkline(values: [20], maximum: 10).string() == "█")
        #expect(Sparkline(values: [0, 7], glyphs: .ascii).string() == "_#")
    }

    @Test func sparklineShowsNewestAtTheRight() {
        let buffer = render(Sparkline(values: [7, 0, 0, 7, 7], maximum: 7), width: 3, height: 1)
        #expect(buffer.text() == "▁██")
        let wide = render(Sparkline(values: [7], maximum: 7), width: 4, height: 1)
        #expect(wide.lines == ["   █"])
    }

    // MARK: Shard map

    private func shards(_ n: Int) -> [ShardMap.Shard] {
        (0..<n).map { ShardMap.Shard(symbol: $0 % 2 == 0 ? "■" : "□") }
    }

    @Test func shardMapWrapsWhenItFits() {
        let buffer = render(ShardMap(shards: shards(7)), width: 4, height: 2)
        #expect(buffer.text() == "■□■□\n■□■")
    }

    @Test func shardMapShowsOverflowCount() {
        let buffer = render(ShardMap(shards: shards(100)), width: 10, height: 2)
        // 20 cells: 11 shards, then " +89 more" (9 cells).
        #expect(buffer.text() == "■□■□■□■□■□\n■ +89 more")
        let plan = ShardMap.plan(count: 100, capacity: 20)
        #expect(plan.shown + (100 - plan.shown) == 100)
        #expect(plan.overflow == " +89 more")
    }

    @Test func shardMapOverflowInTinyAreas() {
        #expect(render(ShardMap(shards: shards(100)), width: 3, height: 1).text() == "+10")
        #expect(render(ShardMap(shards: shards(100)), width: 1, height: 1).text() == "+")
        #expect(render(ShardMap(shards: shards(5)), width: 0, height: 0).text() == "")
    }

    // MARK: Log view

    @Test func logViewShowsNewestAtBottomAndScrollsBack() {
        let lines = (1...10).map { Span("event \($0)") }
        #expect(render(LogView(lines: lines), width: 10, height: 3).text() == "event 8\nevent 9\nevent 10")
        #expect(render(LogView(lines: lines, scrollBack: 2), width: 10, height: 3).text() == "event 6\nevent 7\nevent 8")
        #expect(render(LogView(lines: lines, scrollBack: 99), width: 10, height: 3).text() == "event 1\nevent 2\nevent 3")
        #expect(render(LogView(lines: Array(lines.prefix(1))), width: 10, height: 3).text() == "\n\nevent 1")
    }

    // MARK: Block

    @Test func blockDrawsBorderAndTitle() {
        let buffer = render(Block(title: "Nodes"), width: 12, height: 3)
        #expect(buffer.text() == "┌ Nodes ───┐\n│          │\n└──────────┘")
        let ascii = render(Block(title: "A very long title", glyphs: .ascii), width: 10, height: 3)
        #expect(ascii.lines[0] == "+ A v... +")
        #expect(render(Block(title: "x"), width: 1, height: 1).lines == ["─"])
    }

    // MARK: Confirm dialog

    @Test func confirmDialogSnapshotWithNoPreselected() {
        let dialog = ConfirmDialog(
            title: "Kill node-03?",
            message: ["The node stops at once."],
            preview: ["releases 2 leases", "redelivers 2 shards"]
        )
        #expect(dialog.selection == .no)
        let buffer = render(dialog, width: 34, height: 11)
        let expected = [
            "",
            "   ┌ Kill node-03? ──────────┐",
            "   │ The node stops at once. │",
            "   │                         │",
            "   │ releases 2 leases       │",
            "   │ redelivers 2 shards     │",
            "   │                         │",
            "   │       Yes    ▸ No ◂     │",
            "   └─────────────────────────┘",
            "",
            "",
        ]
        #expect(buffer.text().split(separator: "\n", omittingEmptySubsequences: false).map(String.init) == expected)
        // The selected button is highlighted, the other is not.
        let buttonRow = buffer.lines[7]
        let noColumn = Array(buttonRow).firstIndex(of: "N") ?? 0
        let yesColumn = Array(buttonRow).firstIndex(of: "Y") ?? 0
        #expect(buffer[noColumn, 7].style.attributes.contains(.reverse))
        #expect(!buffer[yesColumn, 7].style.attributes.contains(.reverse))
    }

    // MARK: Form

    @Test func formShowsErrorUnderField() throws {
        var form = Form(
            title: "Schedule run",
            fields: [
                Form.Field(label: "Dataset", value: TextField("dataset-A")),
                Form.Field(label: "Shards", value: TextField("-4"), error: "must be 1-10000"),
            ],
            focusedIndex: 1,
            footer: "tab next  enter submit",
            valueWidth: 12
        )
        #expect(!form.isValid)
        let buffer = render(form, width: 40, height: 10)
        #expect(buffer.text().contains("│ Dataset: dataset-A"))
        #expect(buffer.text().contains("│ Shards:  -4"))
        #expect(buffer.text().contains("✕ must be 1-10000"))
        #expect(buffer.text().contains("tab next  enter submit"))
        // The cursor (reverse video) sits after "-4" in the focused field.
        let row = try #require(buffer.lines.firstIndex { $0.contains("Shards:") })
        let column = try #require(Array(buffer.lines[row]).firstIndex(of: "4")) + 1
        #expect(buffer[column, row].style.attributes.contains(.reverse))

        form.handle(.backspace)
        form.handle(.backspace)
        form.handle(.character("8"))
        #expect(form.fields[1].value.text == "8")
        form.moveFocus(by: 1)
        #expect(form.focusedIndex == 0)
    }

    @Test func textFieldEditing() {
        var field = TextField("abc")
        #expect(field.cursor == 3)
        field.handle(.left)
        field.handle(.backspace)
        #expect(field.text == "ac")
        field.handle(.home)
        field.handle(.delete)
        field.handle(.character("X"))
        #expect(field.text == "Xc")
        #expect(field.cursor == 1)
        #expect(field.handle(.tab) == false)
    }

    // MARK: Help overlay

    @Test func helpOverlayIsBuiltFromTheLiveKeymap() throws {
        let base = try Keymap([
            KeyBinding(action: "down", keys: [.character("j"), .down], description: "Move down", section: "Navigation"),
            KeyBinding(action: "kill", keys: [.character("x")], description: "Kill node", section: "Nodes"),
            KeyBinding(action: "quit", keys: [.character("q")], description: "Quit", section: "General"),
        ])
        let keymap = try base.rebinding("kill", to: [.character("K")])
        let sections = keymap.helpSections()
        #expect(sections.map(\.title) == ["Navigation", "Nodes", "General"])
        let buffer = render(HelpOverlay(sections: sections, footer: ""), width: 30, height: 12)
        let text = buffer.text()
        #expect(text.contains("j, down  Move down"))
        #expect(text.contains("K        Kill node"))
        #expect(!text.contains("x        Kill node"))
        #expect(text.contains("┌ Help"))
    }

    // MARK: Too-small notice

    @Test(arguments: [(80, 24), (40, 5), (20, 3), (12, 2), (6, 1), (3, 1), (1, 1), (0, 0)])
    func tooSmallNoticeFits(width: Int, height: Int) {
        let notice = TooSmallNotice(requiredWidth: 100, requiredHeight: 30, actualWidth: width, actualHeight: height)
        let buffer = render(notice, width: width, height: height)
        #expect(buffer.width == width)
        let shown = notice.lines(width: width, height: height)
        #expect(shown.count <= height)
        for line in shown { #expect(DisplayWidth.of(line) <= width) }
        if width > 0 && height > 0 { #expect(!buffer.text().trimmingWhitespace().isEmpty) }
    }

    @Test func tooSmallNoticeText() {
        let notice = TooSmallNotice(requiredWidth: 100, requiredHeight: 30, actualWidth: 80, actualHeight: 24)
        #expect(notice.lines(width: 80, height: 24) == ["Terminal too small: need 100×30, have 80×24"])
        #expect(notice.lines(width: 20, height: 3) == ["Too small", "need 100×30", "have 80×24"])
        #expect(notice.lines(width: 1, height: 1) == ["!"])
        let ascii = TooSmallNotice(requiredWidth: 100, requiredHeight: 30, actualWidth: 80, actualHeight: 24, glyphs: .ascii)
        #expect(ascii.lines(width: 80, height: 1) == ["Terminal too small: need 100x30, have 80x24"])
        let buffer = render(notice, width: 50, height: 3)
        #expect(buffer.text() == "\n   Terminal too small: need 100×30, have 80×24\n")
    }

    // MARK: Status and hint lines

    @Test func keyHintLineDropsWholeHints() {
        let line = KeyHintLine(hints: [
            .init(keys: "d", label: "drain"), .init(keys: "x", label: "kill"), .init(keys: "q", label: "quit"),
        ])
        #expect(render(line, width: 40, height: 1).text() == " d drain  x kill  q quit")
        #expect(render(line, width: 17, height: 1).text() == " d drain  x kill")
    }

    @Test func statusLineRightSideWins() {
        let line = StatusLine(left: ["AUREON seed 7 running"], right: ["theme: midnight"])
        #expect(render(line, width: 40, height: 1).text() == "AUREON seed 7 running    theme: midnight")
        #expect(render(line, width: 20, height: 1).text() == "AURE theme: midnight")
        #expect(render(line, width: 10, height: 1).text() == "theme: mid")
    }
}

@Suite("Theme-styled widgets")
struct ThemedWidgetTests {
    @Test func asciiTableStaysASCII() {
        let table = Theme.fallback.table(columns: [Table.Column("NAME", width: .length(6))], rowCount: 2, glyphs: .ascii) { _ in
            Table.Row([Span("a-very-long-name")])
        }
        var buffer = CellBuffer(width: 8, height: 3)
        var state = TableState(selected: 1)
        table.render(in: buffer.area, buffer: &buffer, state: &state)
        #expect(buffer.text() == " NAME\n a-v...\n>a-v...")
        #expect(buffer.text().unicodeScalars.allSatisfy { $0.isASCII })
        #expect(buffer[1, 2].style.background == Theme.fallback[.selectionBackground])
    }

    @Test func themedConfirmDialogHighlightsNoWithSelectionStyle() {
        let dialog = Theme.fallback.confirmDialog(title: "Kill?", message: ["sure?"])
        #expect(dialog.selection == .no)
        #expect(dialog.selectedButtonStyle == Theme.fallback.style(.selection))
    }
}
