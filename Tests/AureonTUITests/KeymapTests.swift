import Testing
@testable import AureonTUI

@Suite("Keys and keymaps")
struct KeymapTests {
    @Test(arguments: ["j", "J", "enter", "esc", "tab", "shift-tab", "space", "up", "down", "left", "right",
                      "f1", "f12", "ctrl-c", "ctrl-x", "backspace", "delete", "home", "end", "pgup", "pgdown",
                      "?", "/", "+", "-", ".", "G"])
    func keyNameRoundTrip(name: String) throws {
        let key = try #require(Key(name: name))
        #expect(key.name == name)
        #expect(Key(name: key.name) == key)
    }

    @Test func keyNameParsingIsForgivingForNamedKeysOnly() {
        #expect(Key(name: "Enter") == .enter)
        #expect(Key(name: "ESC") == .escape)
        #expect(Key(name: "escape") == .escape)
        #expect(Key(name: "PageUp") == .pageUp)
        #expect(Key(name: "Ctrl-C") == .character("\u{03}"))
        #expect(Key(name: "J") == .character("J"))
        #expect(Key(name: "j") != Key(name: "J"))
        #expect(Key(name: " ") == nil)
        #expect(Key(name: "ctl-x") == nil)
        #expect(Key(name: "f99") == nil)
        #expect(Key(name: "") == nil)
        #expect(Key.control("c")?.name == "ctrl-c")
        #expect(Key(normalizing: "\r") == .enter)
        #expect(Key(normalizing: "\u{7f}") == .backspace)
    }

    static func defaults() throws -> Keymap {
        try Keymap([
            KeyBinding(action: "down", keys: [.character("j"), .down], description: "Move down", section: "Navigation"),
            KeyBinding(action: "up", keys: [.character("k"), .up], description: "Move up", section: "Navigation"),
            KeyBinding(action: "drain", keys: [.character("d")], description: "Drain node", section: "Nodes"),
            KeyBinding(action: "kill", keys: [.character("x")], description: "Kill node", section: "Nodes"),
            KeyBinding(action: "pause", keys: [.character(" ")], description: "Pause", section: "Simulation"),
            KeyBinding(action: "quit", keys: [.character("q")], description: "Quit", section: "General"),
        ])
    }

    @Test func keymapLooksUpActionsAndKeys() throws {
        let keymap = try Self.defaults()
        #expect(keymap.action(for: .down) == "down")
        #expect(keymap.action(for: .character("j")) == "down")
        #expect(keymap.action(for: .character("z")) == nil)
        #expect(keymap.keys(for: "down") == [.character("j"), .down])
        let hints = keymap.keyHints([(action: "down", label: "select"), (action: "nope", label: "x"), (action: "pause", label: "pause")])
        #expect(hints.map(\.keys) == ["j", "space"])
    }

    @Test func keymapRejectsConflicts() {
        #expect(throws: KeymapError.self) {
            try Keymap([
                KeyBinding(action: "a", keys: [.character("x")], description: ""),
                KeyBinding(action: "b", keys: [.character("x")], description: ""),
            ])
        }
    }

    @Test func yamlOverridesBindings() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let path = try dir.write("keys.yaml", """
            # my keys
            drain: [D]
            kill: X
            pause: [space, p]
            quit: []
            """)
        let keymap = try Keymap.load(yamlFile: path, overriding: Self.defaults())
        #expect(keymap.action(for: .character("D")) == "drain")
        #expect(keymap.action(for: .character("d")) == nil)
        #expect(keymap.action(for: .character("X")) == "kill")
        #expect(keymap.action(for: .character("p")) == "pause")
        #expect(keymap.keys(for: "quit") == [])
        #expect(keymap.keys(for: "down") == [.character("j"), .down])
        #expect(!keymap.helpSections().flatMap(\.entries).contains { $0.description == "Quit" })
    }

    private func loadError(_ yaml: String) throws -> KeymapError {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let path = try dir.write("keys.yaml", yaml)
        let base = try Self.defaults()
        do {
            _ = try Keymap.load(yamlFile: path, overriding: base)
        } catch {
            #expect(error.path == path)
            #expect(error.description.hasPrefix("\(path):\(error.line): "))
            #expect(!error.description.contains("\n"))
            return error
        }
        Issue.record("expected an error for \(yaml)")
        return KeymapError(kind: .unreadable, path: nil, line: 0, problem: "")
    }

    @Test func unknownActionNamesItsLine() throws {
        let error = try loadError("drain: d\nexplode: e\n")
        #expect(error.kind == .unknownAction)
        #expect(error.line == 2)
        #expect(error.problem.contains("explode"))
    }

    @Test func unknownKeyNameNamesItsLine() throws {
        let error = try loadError("drain: d\nkill:\n  - x\n  - ctl-x\n")
        #expect(error.kind == .unknownKey)
        #expect(error.line == 4)
        #expect(error.problem.contains("ctl-x"))
    }

    /// ctrl-m is the byte of enter on a terminal: a file binding it would bind nothing.
    @Test func aKeyTheTerminalCannotDeliverIsRefusedWithItsLine() throws {
        let error = try loadError("drain: d\nquit:\n  - q\n  - ctrl-m\n")
        #expect(error.kind == .unknownKey)
        #expect(error.line == 4)
        #expect(error.problem.contains("ctrl-m") && error.problem.contains("enter"))
        #expect(try loadError("drain: f13\n").problem.contains("beyond F12"))
    }

    @Test func duplicateBindingNamesTheSecondLine() throws {
        let error = try loadError("drain: [z]\nkill: [z]\n")
        #expect(error.kind == .duplicateBinding)
        #expect(error.line == 2)
        #expect(error.problem.contains("drain"))
    }

    @Test func keyTakenByAnUnlistedDefaultIsADuplicate() throws {
        let error = try loadError("\n\ndrain: [x]\n")
        #expect(error.kind == .duplicateBinding)
        #expect(error.line == 3)
        #expect(error.problem.contains("kill"))
    }

    @Test func notAMappingIsReported() throws {
        let list = try loadError("- drain\n- kill\n")
        #expect(list.kind == .notAMapping)
        #expect(list.line == 1)
        let nested = try loadError("drain:\n  key: d\n")
        #expect(nested.kind == .notAMapping)
        #expect(nested.line == 2)
        let broken = try loadError("drain: [d\nkill: x\n")
        #expect(broken.kind == .notAMapping)
        #expect(broken.line >= 1)
    }

    @Test func missingFileIsReportedWithItsPath() throws {
        #expect {
            _ = try Keymap.load(yamlFile: "/nonexistent/keys.yaml", overriding: Self.defaults())
        } throws: { error in
            (error as? KeymapError)?.description == "/nonexistent/keys.yaml:1: cannot read file"
        }
    }
}
