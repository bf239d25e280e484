import AureonInput
import Yams

extension Keymap {
    /// Loads a user key file over `base`.
    ///
    /// The file is a mapping of action to one key or a list of keys:
    /// ```yaml
    /// drain: [d]
    /// kill: x
    /// pause: [space, p]
    /// ```
    /// Each listed action's keys *replace* its keys in `base`; unlisted actions
    /// keep theirs. `knownActions` defaults to the actions of `base`.
    /// Errors name the file and line: unknown action, unknown key name,
    /// a key bound twice (within the file or against a default of another action), not a mapping.
    public static func load(yamlFile path: String, overriding base: Keymap, knownActions: Set<String>? = nil) throws(KeymapError) -> Keymap {
        switch YAMLSource.read(path: path) {
        case .failure(let p):
            throw KeymapError(kind: .unreadable, path: path, line: p.line, problem: p.problem)
        case .success(let text):
            return try parse(yaml: text, fileName: path, overriding: base, knownActions: knownActions)
        }
    }

    /// Parses key-file text; `fileName` is used in error messages. See ``load(yamlFile:overriding:knownActions:)``.
    public static func parse(yaml text: String, fileName: String, overriding base: Keymap, knownActions: Set<String>? = nil) throws(KeymapError) -> Keymap {
        func fail(_ kind: KeymapError.Kind, _ line: Int, _ problem: String) -> KeymapError {
            KeymapError(kind: kind, path: fileName, line: line, problem: problem)
        }
        let root: Node?
        switch YAMLSource.compose(text) {
        case .failure(let p): throw fail(.notAMapping, p.line, p.problem)
        case .success(let node): root = node
        }
        guard let root else { return base }  // An empty file changes nothing.
        guard let mapping = root.mapping else {
            throw fail(.notAMapping, YAMLSource.line(of: root), "expected a mapping of action: key or [keys], found \(YAMLSource.brief(root))")
        }
        let known = knownActions ?? Set(base.actions)
        var bindings = base.bindings
        // Where each key was bound in the file, to report the second binding's line.
        var boundInFile: [Key: (action: String, line: Int)] = [:]
        var overridden: Set<String> = []

        for (keyNode, valueNode) in mapping {
            let line = YAMLSource.line(of: keyNode)
            guard let action = keyNode.scalar?.string else {
                throw fail(.notAMapping, line, "expected an action name, found \(YAMLSource.brief(keyNode))")
            }
            guard known.contains(action), let index = bindings.firstIndex(where: { $0.action == action }) else {
                throw fail(.unknownAction, line, "unknown action '\(EchoedValue.cut(action))' (\(Self.knownActionsHint(known)))")
            }
            let keyNodes: [Node]
            switch valueNode {
            case .scalar: keyNodes = [valueNode]
            case .sequence(let sequence): keyNodes = Array(sequence)
            default:
                throw fail(.notAMapping, YAMLSource.line(of: valueNode, fallback: line),
                           "expected a key or a list of keys for '\(action)', found \(YAMLSource.brief(valueNode))")
            }
            // An action without keys could never be triggered — for `quit`, a console that
            // cannot be left with a key.
            guard !keyNodes.isEmpty else { throw fail(.notAMapping, line, "\(action): needs at least one key (an empty list would leave it unreachable)") }
            var keys: [Key] = []
            for node in keyNodes {
                let keyLine = YAMLSource.line(of: node, fallback: line)
                guard let name = node.scalar?.string else {
                    throw fail(.notAMapping, keyLine, "expected a key name for '\(action)', found \(YAMLSource.brief(node))")
                }
                guard let key = Key(name: name) else {
                    throw fail(.unknownKey, keyLine, "unknown key name '\(EchoedValue.cut(name))' for '\(action)'")
                }
                if let problem = Key.undeliverableReason(name: name) {
                    throw fail(.unknownKey, keyLine, "key '\(name)' for '\(action)' \(problem)")
                }
                if let previous = boundInFile[key] {
                    let detail = previous.action == action ? "listed twice for '\(action)'" : "already bound to '\(previous.action)' on line \(previous.line)"
                    throw fail(.duplicateBinding, keyLine, "key '\(key.name)' \(detail)")
                }
                boundInFile[key] = (action, keyLine)
                keys.append(key)
            }
            bindings[index].keys = keys
            overridden.insert(action)
        }

        // A key from the file may still be held by an action the file did not mention.
        for binding in bindings where !overridden.contains(binding.action) {
            for key in binding.keys {
                if let taker = boundInFile[key] {
                    throw fail(.duplicateBinding, taker.line,
                               "key '\(key.name)' for '\(taker.action)' is already bound to '\(binding.action)'; rebind '\(binding.action)' too")
                }
            }
        }
        do {
            return try Keymap(bindings)
        } catch {
            throw fail(error.kind, 1, error.problem)
        }
    }
}

extension Keymap {
    /// Characters of action names listed in a refusal before it points to the full list:
    /// an error stays one readable line however many actions there are.
    static let knownActionsShown = 160

    static func knownActionsHint(_ known: some Collection<String>) -> String {
        let names = known.sorted()
        var listed = ""
        for name in names {
            let next = listed.isEmpty ? name : listed + ", " + name
            guard next.count <= knownActionsShown else { return "one of \(names.count): \(listed), … — the README's key-file section lists them all" }
            listed = next
        }
        return "known: \(listed)"
    }
}
