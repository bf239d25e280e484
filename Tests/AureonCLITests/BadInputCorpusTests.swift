import AureonCluster
import AureonEngine
import AureonScenario
import Foundation
import Testing

/// Bad input of every kind, through the real binary: each case must exit 2 with exactly one
/// line on stderr naming the file and line (or the flag), and write nothing. The cases are
/// generated here from small valid files and the vocabulary tables, so a new key gets bad
/// values tried without a new fixture. (Drill files join here once `aureon drill` exists:
/// add a `drillCases` generator beside `themeCases`.)
@Suite struct BadInputCorpusTests {
    /// One bad invocation: the files it needs, its arguments (`{dir}` is the case's folder),
    /// and where the complaint must point.
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let files: [String: [UInt8]]
        let arguments: [String]
        /// `file:line` (or `file` alone) the message must start with, relative to the folder.
        let location: (file: String, line: Int?)?
        /// Text the message must contain (the key or the flag at fault).
        let mentions: String
        var description: String { name }
    }

    static let calm = """
    name: corpus
    seed: 3
    cluster: { nodes: 3, concurrency: 2 }
    runs:
      - { id: r1, items: 20, shard_size: 5, work: 1s..2s }
    actions:
      - { at: 1s, kill: node-1 }
    """

    // MARK: flags

    static var flagCases: [Case] {
        let simulate: [([String], String)] = [
            (["--nodes", "0"], "--nodes"), (["--nodes", "100001"], "--nodes"), (["--nodes", "many"], "--nodes"),
            (["--concurrency", "0"], "--concurrency"), (["--concurrency", "2000"], "--concurrency"),
            (["--seed", "-1"], "--seed"), (["--seed", "18446744073709551616"], "--seed"), (["--seed", "seven"], "--seed"),
            (["--items", "0"], "--items"), (["--items", "50000001"], "--items"), (["--shard-size", "0"], "--shard-size"),
            (["--strategy", "sideways"], "--strategy"), (["--work", "5..10"], "--work"), (["--work", "0s..1s"], "--work"),
            (["--work", "10s..1s"], "--work"), (["--work", "soon"], "--work"), (["--iterations", "0"], "--iterations"),
            (["--iterations", "1001"], "--iterations"), (["--until", "10"], "--until"), (["--until", "0s"], "--until"),
            (["--until", "later"], "--until"), (["--bogus"], "--bogus"), (["--nodes"], "--nodes"),
        ]
        var cases = simulate.map { arguments, flag in
            Case(name: "simulate \(arguments.joined(separator: " "))", files: [:],
                 arguments: ["simulate"] + arguments + ["--events", "{dir}/events.jsonl", "--record", "{dir}/run.jsonl"],
                 location: nil, mentions: flag)
        }
        let others: [([String], String)] = [
            (["fuzz", "--seeds", "0"], "--seeds"), (["fuzz", "--nodes-max", "1"], "--nodes-max"), (["fuzz", "--start", "x"], "--start"),
            (["fuzz", "--jobs", "0"], "--jobs"), (["fuzz", "--jobs", "257"], "--jobs"), (["fuzz", "--jobs", "all"], "--jobs"),
            (["fuzz", "--shard", "3/3"], "--shard"), (["fuzz", "--shard", "1/0"], "--shard"), (["fuzz", "--shard", "-1/2"], "--shard"),
            (["fuzz", "--shard", "a/b"], "--shard"), (["fuzz", "--shard", "1"], "--shard"), (["fuzz", "--shard", "0/1000001"], "--shard"),
            (["fuzz", "--report", "none.jsonl", "--jobs", "2"], "--report"), (["fuzz", "--report", "none.jsonl", "--start", "5"], "--report"),
            (["fuzz", "--report", "none.jsonl", "--seeds", "0"], "--seeds"),
            (["console", "--speed", "0"], "--speed"), (["console", "--speed", "5000"], "--speed"),
            (["console", "--theme", "no-such-theme"], "--theme"), (["demo", "no-such-demo"], "no-such-demo"),
            (["replay"], "file"), (["bench-console", "--nodes", "0"], "--nodes"), (["bench-console", "--size", "wide"], "--size"),
        ]
        cases += others.map { Case(name: $0.0.joined(separator: " "), files: [:], arguments: $0.0, location: nil, mentions: $0.1) }
        return cases
    }

    // MARK: scenario files

    /// A bad value for each configuration key, one of the wrong type and one out of range.
    static var clusterCases: [Case] {
        var cases: [Case] = []
        for key in ConfigurationKeys.all {
            let wrongType: String
            var outOfRange: String?
            switch key.descriptor.type {
            case .duration, .optionalDuration:
                wrongType = "10"  // no unit
                outOfRange = "-5s"
            case let .integer(range):
                wrongType = "lots"
                outOfRange = String(range.upperBound + 1)
            case .probability:
                wrongType = "likely"
                outOfRange = "1.5"
            case .flag: wrongType = "maybe"
            case .unsigned:
                wrongType = "-3"
                outOfRange = "18446744073709551616"
            default: wrongType = "[1, 2]"
            }
            for value in [wrongType] + (outOfRange.map { [$0] } ?? []) {
                cases.append(scenario("cluster.\(key.name): \(value)", "name: c\ncluster:\n  nodes: 3\n  \(key.name): \(value)\n", line: 4,
                                      mentions: key.name))
            }
        }
        return cases
    }

    static var runCases: [Case] {
        let bad: [(String, String)] = [
            ("id", "\(String(repeating: "r", count: 4_000))"), ("dataset", "\"two words\""), ("items", "0"), ("items", "ten"),
            ("shard_size", "0"), ("strategy", "sideways"), ("work", "5..10"), ("work", "9s..2s"), ("max_iterations", "0"),
            ("convergence_tolerance", "2"), ("poison_shards", "[50]"), ("poison_shards", "7"), ("repeat", "3"), ("every", "10"),
            ("at", "soon"), ("colour", "red"),
        ]
        return bad.map { key, value in
            scenario("run \(key): \(value.prefix(20))", "runs:\n  - id: r1\n    items: 20\n    \(key): \(value)\n",
                     line: key == "repeat" ? 2 : 4, mentions: key == "repeat" ? "every" : key)
        }
    }

    /// For each verb: a bad argument, and a parameter it does not take.
    static var actionCases: [Case] {
        // The bad argument, and what the complaint must mention.
        let badArgument: [String: (String, String)] = [
            "drain": ("node-9", "unknown node 'node-9'"), "resume": ("[node-1, node-2]", "resume: takes one node"),
            "kill": ("node-0", "unknown node 'node-0'"), "kill_random": ("-1", "kill_random: must be between"),
            "restart": ("node-7", "unknown node 'node-7'"), "schedule": ("{ items: 0 }", "items: must be between"),
            "rebalance": ("false", "rebalance: takes no argument"), "partition": ("[node-1, node-8]", "unknown node 'node-8'"),
            "heal": ("node-12", "unknown node 'node-12'"), "slow": ("node-9, factor: 3", "unknown node 'node-9'"),
            "flaky": ("node-1, probability: 2", "probability: must be a probability"),
            "checkpoint_failures": ("node-1", "checkpoint_failures: needs 'probability:'"),
            "message_loss": ("1.5", "message_loss: must be a probability"), "message_delay": ("500", "message_delay: needs a unit"),
            "clock_skew": ("node-1, offset: 10", "offset: needs a unit"), "chaos": ("601", "chaos: must be a number between 0 and 600"),
            "quiesce": ("no", "quiesce: takes no argument"), "say": ("[a, b]", "say: must be a single value"),
        ]
        var cases: [Case] = []
        for verb in ActionVerbs.all {
            let (argument, mention) = badArgument[verb.name] ?? ("?", "a verb added without a bad-argument case")
            cases.append(scenario("\(verb.name): \(argument)", "cluster: { nodes: 3 }\nactions:\n  - { at: 1s,\n      \(verb.name): \(argument) }\n",
                                  line: 4, mentions: mention))
            let foreign = verb.parameters.contains { $0.name == "factor" } ? "offset: 3s" : "factor: 2"
            let value = verb.argument.map { sample($0) } ?? "true"
            cases.append(scenario("\(verb.name) with \(foreign)", "cluster: { nodes: 3 }\nactions:\n  - at: 1s\n    \(verb.name): \(value)\n    \(foreign)\n",
                                  line: 5, mentions: String(foreign.prefix(while: { $0 != ":" }))))
        }
        let more: [(String, String, Int, String)] = [
            ("no at", "actions:\n  - { kill: node-1 }\n", 2, "at"), ("two verbs", "actions:\n  - { at: 1s, kill: node-1, drain: node-2 }\n", 2, "drain"),
            ("no verb", "actions:\n  - { at: 1s }\n", 2, "verb"), ("unknown verb", "actions:\n  - { at: 1s, explode: node-1 }\n", 2, "explode"),
            ("for zero", "actions:\n  - { at: 1s, partition: node-1, for: 0s }\n", 2, "for"),
            ("plane unknown", "actions:\n  - { at: 1s, message_loss: { probability: 0.1, plane: both } }\n", 2, "plane"),
            ("plane on kill", "actions:\n  - { at: 1s, kill: node-1, plane: data }\n", 2, "plane"),
            ("delay mapping without delay", "actions:\n  - { at: 1s, message_delay: { plane: data } }\n", 2, "delay"),
            ("kill_random too many", "cluster: { nodes: 3 }\nactions:\n  - { at: 1s, kill_random: 4 }\n", 3, "kill_random"),
            ("actions not a list", "actions: { at: 1s }\n", 1, "actions"),
        ]
        cases += more.map { scenario($0.0, $0.1, line: $0.2, mentions: $0.3) }
        return cases
    }

    static func sample(_ descriptor: KeyDescriptor) -> String {
        switch descriptor.type {
        case .node, .names: "node-1"
        case .integer: "1"
        case .run: "{ id: extra, items: 5 }"
        case .probability: "0.1"
        case .duration: "1s"
        case .number: "2"
        default: "hello"
        }
    }

    static var otherScenarioCases: [Case] {
        let cases: [(String, String, Int?, String)] = [
            ("duplicate top key", "name: a\nseed: 1\nname: b\n", 3, "name"), ("duplicate cluster key", "cluster:\n  nodes: 3\n  nodes: 4\n", 3, "nodes"),
            ("duplicate flow key", "cluster: { nodes: 3, nodes: 4 }\n", 1, "nodes"),
            ("duplicate run id", "runs:\n  - { id: a, items: 5 }\n  - { id: a, items: 6 }\n", 3, "id"),
            ("duplicate id with schedule", "runs:\n  - { id: a, items: 5 }\nactions:\n  - { at: 1s, schedule: { id: a, items: 5 } }\n", 4, "id"),
            ("visibility below default margin", "cluster: { visibility_timeout: 3s }\n", 1, "lease_margin (5s, the default)"),
            ("margin above default visibility", "cluster:\n  nodes: 3\n  lease_margin: 2m\n", 3, "visibility_timeout (1m, the default)"),
            ("dead before unresponsive", "cluster:\n  unresponsive_after: 50s\n  dead_after: 40s\n", 3, "dead_after"),
            ("seed twice", "seed: 1\ncluster: { seed: 2 }\n", 2, "seed"), ("seed negative", "seed: -1\n", 1, "seed"),
            ("unknown top key", "colour: red\n", 1, "colour"), ("scenario a list", "- a\n- b\n", 1, "scenario"),
            ("malformed", "name: [unclosed\n", 2, "YAML"), ("tab indent", "cluster:\n\tnodes: 3\n", 2, "YAML"),
            ("empty", "", 1, "empty"), ("expect unknown", "expect: { max_time: 1h }\n", 1, "max_time"),
            ("expect negative refused", "expect: { refused_runs: -1 }\n", 1, "refused_runs"),
            ("expect invariants", "expect: { invariants: mostly }\n", 1, "invariants"),
            ("expect bound no unit", "expect: { all_runs_complete_by: 60 }\n", 1, "all_runs_complete_by"),
            ("cluster a list", "cluster: [1, 2]\n", 1, "cluster"), ("runs a mapping", "runs: { id: a }\n", 1, "runs"),
            ("long name", "name: \(String(repeating: "n", count: 300))\n", 1, "name"),
            ("control character in key", "\"bad\\u0007key\": 1\n", 1, "unknown key"),
            ("too many repeats", "runs:\n  - { items: 5, repeat: 1001, every: 1s }\n", 2, "repeat"),
        ]
        var result = cases.map { scenario($0.0, $0.1, line: $0.2, mentions: $0.3) }
        result.append(Case(name: "scenario NUL byte", files: ["s.yaml": Array("name: a\nseed: 1\u{0}\n".utf8)],
                           arguments: ["simulate", "--scenario", "{dir}/s.yaml"], location: ("s.yaml", 2), mentions: "NUL"))
        result.append(Case(name: "scenario not UTF-8", files: ["s.yaml": Array("name: a\n".utf8) + [0xFF, 0xFE, 0x0A]],
                           arguments: ["simulate", "--scenario", "{dir}/s.yaml"], location: ("s.yaml", 2), mentions: "UTF-8"))
        result.append(Case(name: "scenario is a directory", files: ["d/keep": []],
                           arguments: ["simulate", "--scenario", "{dir}/d"], location: ("d", nil), mentions: "directory"))
        result.append(Case(name: "scenario missing", files: [:], arguments: ["simulate", "--scenario", "{dir}/none.yaml"],
                           location: ("none.yaml", nil), mentions: "no such file"))
        result.append(Case(name: "scenario under a file", files: ["f": Array("x".utf8)], arguments: ["simulate", "--scenario", "{dir}/f/s.yaml"],
                           location: ("f/s.yaml", nil), mentions: "is a file, not a directory"))
        result.append(Case(name: "console scenario", files: ["s.yaml": Array("cluster: { nodes: 0 }\n".utf8)],
                           arguments: ["console", "--scenario", "{dir}/s.yaml"], location: ("s.yaml", 1), mentions: "nodes"))
        return result
    }

    static func scenario(_ name: String, _ text: String, line: Int?, mentions: String) -> Case {
        Case(name: "scenario \(name)", files: ["s.yaml": Array(text.utf8)],
             arguments: ["simulate", "--scenario", "{dir}/s.yaml", "--events", "{dir}/events.jsonl", "--record", "{dir}/run.jsonl"],
             location: ("s.yaml", line), mentions: mentions)
    }

    // MARK: theme and key files

    static var themeCases: [Case] {
        let good = (try? String(contentsOf: CLI.repositoryRoot.appendingPathComponent("themes/daylight.yaml"), encoding: .utf8)) ?? ""
        let edits: [(String, String, Int?, String)] = [
            ("bad colour", good.replacingOccurrences(of: "accent: \"#005fd7\"", with: "accent: \"#zzzzzz\""), nil, "accent"),
            ("unknown colour key", good.replacingOccurrences(of: "  accent:", with: "  acent:"), nil, "acent"),
            ("duplicate colour", good.replacingOccurrences(of: "  muted:", with: "  text: \"#000000\"\n  muted:"), nil, "text: duplicate key"),
            ("duplicate top key", good + "name: again\n", nil, "name: duplicate key"),
            ("missing colour", good.replacingOccurrences(of: "  muted: \"#6c6c6c\"\n", with: ""), 5, "muted"),
            ("unknown top key", "flavour: sweet\n" + good, 1, "flavour"), ("not a mapping", "- a\n", 1, "mapping"),
            ("monochrome maybe", good + "monochrome: maybe\n", nil, "monochrome"),
        ]
        var cases = edits.map { name, text, line, mentions in
            Case(name: "theme \(name)", files: ["t.yaml": Array(text.utf8)], arguments: ["console", "--theme", "{dir}/t.yaml"],
                 location: ("t.yaml", line ?? lineOf(mentions.components(separatedBy: ":")[0], in: text)), mentions: mentions)
        }
        cases.append(Case(name: "theme NUL", files: ["t.yaml": Array("name: x\u{0}\n".utf8)], arguments: ["console", "--theme", "{dir}/t.yaml"],
                          location: ("t.yaml", 1), mentions: "NUL"))
        cases.append(Case(name: "theme directory", files: ["t.yaml/keep": []], arguments: ["console", "--theme", "{dir}/t.yaml"],
                          location: ("t.yaml", 1), mentions: "directory"))
        return cases
    }

    /// The line of the last place `key:` starts a line (the second of a duplicate).
    static func lineOf(_ key: String, in text: String) -> Int? {
        let lines = text.components(separatedBy: "\n")
        return lines.lastIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix(key + ":") }.map { $0 + 1 }
    }

    static var keyCases: [Case] {
        let files: [(String, String, Int, String)] = [
            ("empty list", "drain: [D]\nquit: []\n", 2, "quit"), ("empty list of pause", "pause: []\n", 1, "pause"),
            ("unknown action", "explode: x\n", 1, "explode"), ("unknown key name", "drain: [hyperspace]\n", 1, "hyperspace"),
            ("bound twice", "drain: [D]\nkill: [D]\n", 2, "already bound"), ("listed twice", "drain: [D, D]\n", 1, "listed twice"),
            ("duplicate action", "drain: [D]\nkill: X\ndrain: [E]\n", 3, "drain: duplicate key"), ("not a mapping", "- d\n", 1, "mapping"),
            ("mapping value", "drain: { key: d }\n", 1, "drain"), ("taken from a default", "drain: [k]\n", 1, "already bound"),
        ]
        var cases = files.map { name, text, line, mentions in
            Case(name: "keys \(name)", files: ["k.yaml": Array(text.utf8)], arguments: ["console", "--keys", "{dir}/k.yaml"],
                 location: ("k.yaml", line), mentions: mentions)
        }
        cases.append(Case(name: "keys directory", files: ["k/keep": []], arguments: ["console", "--keys", "{dir}/k"], location: ("k", 1),
                          mentions: "directory"))
        cases.append(Case(name: "keys NUL", files: ["k.yaml": Array("drain: [D]\n\u{0}".utf8)], arguments: ["console", "--keys", "{dir}/k.yaml"],
                          location: ("k.yaml", 2), mentions: "NUL"))
        return cases
    }

    // MARK: recordings

    /// A small well-formed recording (its hash is made up: nothing here replays it to the end).
    static var goodRecording: String {
        var configuration = ClusterConfiguration()
        configuration.nodeCount = 3
        let actions = [
            PerformedAction(time: .zero + .seconds(1), afterEvents: 10, origin: .scheduled, action: .kill(NodeID(0))),
            PerformedAction(time: .zero + .seconds(2), afterEvents: 20, origin: .interactive,
                            action: .messageLoss(probability: 0.2, plane: .data, duration: .seconds(5))),
        ]
        return Recording(scenarioName: "corpus", configuration: configuration, actions: actions, endTime: .zero + .seconds(10),
                         endEventCount: 100, traceHash: "0123456789abcdef").text
    }

    static var recordingCases: [Case] {
        let lines = goodRecording.split(separator: "\n").map(String.init)
        func text(_ edited: [String]) -> String { edited.joined(separator: "\n") + "\n" }
        func edit(_ index: Int, _ from: String, _ to: String) -> String {
            var copy = lines
            copy[index] = copy[index].replacingOccurrences(of: from, with: to)
            return text(copy)
        }
        let cases: [(String, String, Int, String)] = [
            ("unknown header key", edit(0, "\"scenario\"", "\"colour\":1,\"scenario\""), 1, "colour"),
            ("unknown cluster key", edit(0, "\"nodes\":3", "\"nodes\":3,\"racks\":2"), 1, "racks"),
            ("missing cluster key", edit(0, ",\"pull_wait_us\":20000000", ""), 1, "pull_wait_us"),
            ("old version", edit(0, "\"version\":3", "\"version\":1"), 1, "version"),
            ("not a recording", edit(0, "aureon-recording", "something-else"), 1, "format"),
            ("nodes zero", edit(0, "\"nodes\":3", "\"nodes\":0"), 1, "nodes"),
            ("visibility under margin", edit(0, "\"visibility_timeout_us\":60000000", "\"visibility_timeout_us\":1000000"), 1, "visibility_timeout"),
            ("self_fencing a number", edit(0, "\"self_fencing\":true", "\"self_fencing\":1"), 1, "self_fencing"),
            ("after_events huge", edit(1, "\"after_events\":10", "\"after_events\":999999999999"), 2, "after_events"),
            ("after_events negative", edit(1, "\"after_events\":10", "\"after_events\":-1"), 2, "after_events"),
            ("at past the end", edit(2, "\"at_us\":2000000", "\"at_us\":20000000"), 3, "at_us"),
            ("reordered", text([lines[0], lines[2], lines[1], lines[3]]), 3, "at_us"),
            ("events out of order", edit(2, "\"after_events\":20", "\"after_events\":5"), 3, "after_events"),
            ("unknown action", edit(1, "\"kill\"", "\"explode\""), 2, "explode"),
            ("unknown action key", edit(1, "\"node\":", "\"factor\":2,\"node\":"), 2, "factor"),
            ("unknown node", edit(1, "node-01", "node-09"), 2, "node-09"),
            ("plane unknown", edit(2, "\"data\"", "\"both\""), 3, "plane"),
            ("plane missing", edit(2, ",\"plane\":\"data\"", ""), 3, "plane"),
            ("probability high", edit(2, "\"probability\":0.2", "\"probability\":1.2"), 3, "probability"),
            ("for zero", edit(2, "\"for_us\":5000000", "\"for_us\":0"), 3, "for_us"),
            ("origin unknown", edit(1, "\"scheduled\"", "\"remote\""), 2, "origin"),
            ("malformed line", edit(1, "}", ""), 2, "malformed JSON"),
            ("truncated", text(Array(lines.dropLast())), 3, "truncated"),
            ("after the end", text(lines + [lines[1]]), 5, "after the closing line"),
            ("bad hash", edit(3, "0123456789abcdef", "xyz"), 4, "trace_hash"),
            ("end extra key", edit(3, "\"end\":true", "\"end\":true,\"note\":1"), 4, "note"),
            ("empty line", text([lines[0], "", lines[1], lines[2], lines[3]]), 2, "empty line"),
            ("array line", text([lines[0], "[1,2]", lines[3]]), 2, "JSON object"),
        ]
        var result = cases.map { name, text, line, mentions in
            Case(name: "recording \(name)", files: ["r.jsonl": Array(text.utf8)], arguments: ["replay", "{dir}/r.jsonl"],
                 location: ("r.jsonl", line), mentions: mentions)
        }
        result.append(Case(name: "recording in the console", files: ["r.jsonl": Array(edit(0, "\"version\":3", "\"version\":7").utf8)],
                           arguments: ["console", "--replay", "{dir}/r.jsonl"], location: ("r.jsonl", 1), mentions: "version"))
        result.append(Case(name: "recording NUL", files: ["r.jsonl": Array((lines[0] + "\n\u{0}\n").utf8)], arguments: ["replay", "{dir}/r.jsonl"],
                           location: ("r.jsonl", 2), mentions: "NUL"))
        result.append(Case(name: "recording directory", files: ["r/keep": []], arguments: ["replay", "{dir}/r"], location: ("r", nil),
                           mentions: "directory"))
        result.append(Case(name: "recording empty", files: ["r.jsonl": []], arguments: ["replay", "{dir}/r.jsonl"], location: ("r.jsonl", 1),
                           mentions: "empty"))
        return result
    }

    /// `explore` and `replay --branch` over a good recording: each bad flag is refused before any
    /// variant runs.
    static var exploreCases: [Case] {
        let outcome = ["--outcome", "redeliveries > 0"]
        let cases: [(String, [String], String)] = [
            ("bad predicate", ["--outcome", "redeliveries < 3"], "--outcome"), ("unknown outcome", ["--outcome", "happiness > 0"], "--outcome"),
            ("empty predicate", ["--outcome", ""], "--outcome"), ("run_late no duration", ["--outcome", "run_late r1"], "--outcome"),
            ("no outcome", [], "--outcome"), ("variants zero", outcome + ["--variants", "0"], "--variants"),
            ("variants huge", outcome + ["--variants", "100001"], "--variants"), ("step zero", outcome + ["--step", "0"], "--step"),
            ("step not a duration", outcome + ["--step", "often"], "--step"), ("step too fine", outcome + ["--step", "1us"], "--step"),
            ("from after to", outcome + ["--from", "8s", "--to", "2s"], "--from"), ("to after the end", outcome + ["--to", "1h"], "--to"),
            ("from not a moment", outcome + ["--from", "25:99"], "--from"), ("unknown branch", outcome + ["--branch", "branch-7"], "--branch"),
            ("jobs zero", outcome + ["--jobs", "0"], "--jobs"), ("jobs too many", outcome + ["--jobs", "257"], "--jobs"),
            ("threshold zero", outcome + ["--threshold", "0"], "--threshold"), ("threshold above one", outcome + ["--threshold", "1.5"], "--threshold"),
        ]
        var result = cases.map { name, arguments, mentions in
            Case(name: "explore \(name)", files: ["r.jsonl": Array(goodRecording.utf8)], arguments: ["explore", "{dir}/r.jsonl"] + arguments,
                 location: nil, mentions: mentions)
        }
        result.append(Case(name: "explore missing file", files: [:], arguments: ["explore", "{dir}/none.jsonl"] + outcome,
                           location: ("none.jsonl", nil), mentions: "no such file"))
        result.append(Case(name: "replay unknown branch", files: ["r.jsonl": Array(goodRecording.utf8)],
                           arguments: ["replay", "{dir}/r.jsonl", "--branch", "branch-7"], location: nil, mentions: "--branch"))
        result.append(Case(name: "branches missing file", files: [:], arguments: ["branches", "{dir}/none.jsonl"],
                           location: ("none.jsonl", nil), mentions: "no such file"))
        return result
    }

    static var allCases: [Case] {
        flagCases + clusterCases + runCases + actionCases + otherScenarioCases + themeCases + keyCases + recordingCases + exploreCases
    }

    @Test func thereAreAtLeast150Cases() {
        #expect(Self.allCases.count >= 150, "\(Self.allCases.count) cases")
        #expect(Set(Self.allCases.map(\.name)).count == Self.allCases.count, "case names must be unique")
    }

    @Test func everyBadInputIsOneLineExitTwoAndWritesNothing() throws {
        let sandbox = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: sandbox) }
        let cases = Self.allCases
        let results = try CLI.runAll(cases.enumerated().map { index, item in
            let folder = sandbox.appendingPathComponent("case-\(index)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, bytes) in item.files {
                let url = folder.appendingPathComponent(name)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                if name.hasSuffix("/keep") { continue }  // a folder stands where a file is expected
                try Data(bytes).write(to: url)
            }
            return item.arguments.map { $0.replacingOccurrences(of: "{dir}", with: folder.path) }
        })
        for (index, (item, result)) in zip(cases, results).enumerated() {
            let folder = sandbox.appendingPathComponent("case-\(index)")
            let message = result.stderr
            #expect(result.status == 2, "\(item): exit \(result.status), stderr \(message)")
            #expect(message.hasPrefix("aureon: ") && message.hasSuffix("\n") && message.dropLast().allSatisfy { $0 != "\n" },
                    "\(item): not one line: \(message)")
            #expect(message.count < 400, "\(item): \(message.count) characters")
            #expect(result.stdout.isEmpty, "\(item): wrote to stdout: \(result.stdout.prefix(200))")
            if let location = item.location {
                let path = folder.appendingPathComponent(location.file).path
                let expected = location.line.map { "\(path):\($0): " } ?? "\(path): "
                #expect(message.hasPrefix("aureon: " + expected), "\(item): expected \(expected) in \(message)")
            }
            #expect(message.contains(item.mentions), "\(item): should mention '\(item.mentions)': \(message)")
            let after = Set(try FileManager.default.subpathsOfDirectory(atPath: folder.path))
            let inputs = Set(item.files.keys.flatMap { name in
                var parts: [String] = []
                var prefix = ""
                for component in name.split(separator: "/").dropLast() {
                    prefix += (prefix.isEmpty ? "" : "/") + component
                    parts.append(prefix)
                }
                return name.hasSuffix("/keep") ? parts : parts + [name]
            })
            #expect(after == inputs, "\(item): wrote \(after.subtracting(inputs).sorted())")
        }
    }
}
