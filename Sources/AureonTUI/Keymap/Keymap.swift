/// Maps keys to action identifiers, and actions back to their keys for help.
///
/// A key triggers at most one action (conflicts are rejected when the keymap
/// is built), while an action may have several keys (`j` and `down`).
/// The order of bindings is kept: it is the order of the help screen.
public struct Keymap: Hashable, Sendable {
    public private(set) var bindings: [KeyBinding]
    private var actionsByKey: [Key: String]

    /// Builds a keymap, rejecting a key bound to two different actions.
    /// A key repeated within one action is kept once.
    public init(_ bindings: [KeyBinding]) throws(KeymapError) {
        var byKey: [Key: String] = [:]
        var cleaned: [KeyBinding] = []
        var seenActions: Set<String> = []
        for var binding in bindings {
            guard seenActions.insert(binding.action).inserted else {
                throw KeymapError(kind: .duplicateBinding, path: nil, line: 0,
                                  problem: "action '\(binding.action)' is defined twice")
            }
            var unique: [Key] = []
            for key in binding.keys where !unique.contains(key) {
                if let other = byKey[key] {
                    throw KeymapError(kind: .duplicateBinding, path: nil, line: 0,
                                      problem: "key '\(key.name)' is bound to both '\(other)' and '\(binding.action)'")
                }
                byKey[key] = binding.action
                unique.append(key)
            }
            binding.keys = unique
            cleaned.append(binding)
        }
        self.bindings = cleaned
        self.actionsByKey = byKey
    }

    /// An empty keymap.
    public static let empty = try! Keymap([])

    /// The action a key triggers, if any: the update loop's first step for a key event.
    public func action(for key: Key) -> String? {
        actionsByKey[key]
    }

    /// The keys bound to `action`, in display order.
    public func keys(for action: String) -> [Key] {
        bindings.first { $0.action == action }?.keys ?? []
    }

    /// The binding for `action`, if it exists.
    public func binding(for action: String) -> KeyBinding? {
        bindings.first { $0.action == action }
    }

    /// All action identifiers, in order.
    public var actions: [String] { bindings.map(\.action) }

    /// A copy with `action` bound to exactly `keys`; throws if a key is taken by another action.
    public func rebinding(_ action: String, to keys: [Key]) throws(KeymapError) -> Keymap {
        var updated = bindings
        guard let index = updated.firstIndex(where: { $0.action == action }) else {
            throw KeymapError(kind: .unknownAction, path: nil, line: 0, problem: "unknown action '\(action)'")
        }
        updated[index].keys = keys
        return try Keymap(updated)
    }

    /// Help sections generated from the live bindings, so the help screen shows remapped keys.
    ///
    /// Sections appear in `sectionOrder` first, then in order of first use. Unbound actions are omitted.
    public func helpSections(sectionOrder: [String] = []) -> [HelpSection] {
        var order: [String] = sectionOrder
        for binding in bindings where !order.contains(binding.section) { order.append(binding.section) }
        return order.compactMap { section in
            let entries = bindings
                .filter { $0.section == section && !$0.keys.isEmpty }
                .map { HelpEntry(keys: $0.keys.map(\.name).joined(separator: ", "), description: $0.description) }
            return entries.isEmpty ? nil : HelpSection(title: section, entries: entries)
        }
    }

    /// Key-hint entries for the bottom line: the first key of each listed action with a short label.
    /// Unbound actions are skipped, so the hint line never advertises a dead key.
    public func keyHints(_ items: [(action: String, label: String)], unicode: Bool = true) -> [KeyHintLine.Hint] {
        items.compactMap { item in
            guard let key = keys(for: item.action).first else { return nil }
            return KeyHintLine.Hint(keys: key.hintLabel(unicode: unicode), label: item.label)
        }
    }
}
