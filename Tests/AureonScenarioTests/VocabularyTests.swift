import AureonCluster
import AureonEngine
import Foundation
import Testing
@testable import AureonScenario

/// The vocabulary tables are the one definition of every key: scenario files and recordings
/// must accept exactly the same ones, and what one writes the other reads back unchanged.
@Suite struct VocabularyTests {
    /// A non-default value for every configuration key, as a scenario writes it. A key added
    /// to the table without an entry here fails `everyKeyHasATestValue`.
    static let clusterValues: [String: String] = [
        "seed": "42", "nodes": "5", "concurrency": "3", "heartbeat_interval": "7s", "visibility_timeout": "45s",
        "checkpoint_interval": "11s", "lease_margin": "4s", "scan_interval": "6s", "unresponsive_after": "25s",
        "dead_after": "50s", "max_receive_count": "7", "validation_reject_probability": "0.25", "message_latency": "3ms",
        "message_jitter": "1ms", "retry_interval": "2s", "event_log_capacity": "512", "checkpoint_history": "4",
        "self_fencing": "false", "steal_after": "9s", "liveness_bound": "20m", "pull_wait": "15s",
    ]

    @Test func everyKeyHasATestValue() {
        #expect(Set(Self.clusterValues.keys) == Set(ConfigurationKeys.names))
    }

    @Test func scenarioAndRecordingCarryTheSameClusterKeys() throws {
        let yaml = "cluster:\n" + ConfigurationKeys.names.map { "  \($0): \(Self.clusterValues[$0] ?? "")" }.joined(separator: "\n")
        let fromYAML = try ScenarioParser.parse(yaml, file: "all.yaml").configuration
        // Every key took effect: each differs from the default.
        for key in ConfigurationKeys.all {
            #expect(key.read(fromYAML) != key.read(ClusterConfiguration()), "\(key.name) kept its default")
        }
        let header = RecordingCodec.header(scenarioName: "all", configuration: fromYAML)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(header.utf8)) as? [String: Any])
        let cluster = try #require(object["cluster"] as? [String: Any])
        let recordingNames = Set(cluster.keys.map { $0.hasSuffix("_us") ? String($0.dropLast(3)) : $0 })
        #expect(recordingNames == Set(ConfigurationKeys.names))
        let end = #"{"end":true,"at_us":0,"events_processed":0,"trace_hash":"0123456789abcdef"}"#
        let fromRecording = try RecordingReader.parse(header + "\n" + end + "\n", file: "all.jsonl").configuration
        #expect(fromRecording == fromYAML)
    }

    @Test func theScenarioRefusesExactlyTheKeysTheTableDoesNotHold() {
        do {
            _ = try ScenarioParser.parse("cluster: { bogus: 1 }", file: "k.yaml")
            Issue.record("unknown key accepted")
        } catch {
            #expect(error.message.contains("expected one of: \(ConfigurationKeys.names.sorted().joined(separator: ", "))"), "\(error)")
        }
    }

    /// One action of every kind, the YAML that writes it, and the cluster it runs on (4 nodes).
    static let actions: [(yaml: String, action: OperatorAction)] = [
        ("drain: node-1", .drain(NodeID(0))), ("resume: node-2", .resume(NodeID(1))), ("kill: node-3", .kill(NodeID(2))),
        ("kill_random: 2", .killRandom(2)), ("restart: node-4", .restart(NodeID(3))), ("restart: killed", .restartKilled),
        ("schedule: { id: extra, items: 30, shard_size: 10, work: 1s..2s, poison_shards: [1] }", .schedule({
            var spec = RunSpec(id: RunID("extra"), items: 30, shardSize: 10, work: .seconds(1)...(.seconds(2)))
            spec.poisonShards = [1]
            return spec
        }())),
        ("rebalance: true", .rebalance), ("partition: [node-1, node-2], for: 30s", .partition([NodeID(0), NodeID(1)], duration: .seconds(30))),
        ("heal: node-1", .heal([NodeID(0)])), ("slow: node-2, factor: 3", .slow(NodeID(1), factor: 3, duration: nil)),
        ("flaky: node-3, probability: 0.5, for: 1m", .flaky(NodeID(2), probability: 0.5, duration: .minutes(1))),
        ("checkpoint_failures: { node: node-4, probability: 0.2 }", .checkpointFailures(NodeID(3), probability: 0.2, duration: nil)),
        ("message_loss: 0.2", .messageLoss(probability: 0.2, plane: .all, duration: nil)),
        ("message_loss: { probability: 0.3, plane: data }, for: 2m", .messageLoss(probability: 0.3, plane: .data, duration: .minutes(2))),
        ("message_delay: 500ms", .messageDelay(.milliseconds(500), plane: .all, duration: nil)),
        ("message_delay: { delay: 200ms, plane: control }", .messageDelay(.milliseconds(200), plane: .control, duration: nil)),
        ("clock_skew: node-1, offset: 20s, for: 90s", .clockSkew(NodeID(0), offset: .seconds(20), duration: .seconds(90))),
        ("chaos: 4", .chaos(faultsPerMinute: 4)), ("quiesce: true", .quiesce), ("say: \"hello there\"", .say("hello there")),
    ]

    @Test func everyVerbIsCovered() {
        #expect(Set(Self.actions.map(\.action.keyword)) == Set(ActionVerbs.names))
    }

    @Test func actionsReadTheSameFromScenariosAndRecordings() throws {
        let yaml = "cluster: { nodes: 4 }\nactions:\n" + Self.actions.enumerated().map { "  - { at: \($0.offset + 1)s, \($0.element.yaml) }" }
            .joined(separator: "\n")
        let scenario = try ScenarioParser.parse(yaml, file: "verbs.yaml")
        let parsed = try scenario.actions.map { try $0.resolve(nodeCount: 4, file: "verbs.yaml") }
        #expect(parsed == Self.actions.map(\.action))

        var configuration = ClusterConfiguration()
        configuration.nodeCount = 4
        let performed = parsed.enumerated().map { PerformedAction(time: .zero + .seconds(Int64($0.offset + 1)), afterEvents: $0.offset * 3,
                                                                  origin: .interactive, action: $0.element) }
        let recording = Recording(scenarioName: "verbs", configuration: configuration, actions: performed, endTime: .zero + .minutes(5),
                                  endEventCount: 1_000, traceHash: "0123456789abcdef")
        let read = try RecordingReader.parse(recording.text, file: "verbs.jsonl")
        #expect(read.actions == performed)
        // The recorded keys of each verb are its descriptor keys (durations with _us), plus the
        // position keys that only a recording has.
        for (line, action) in zip(recording.text.split(separator: "\n").dropFirst(), parsed) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let verb = try #require(ActionVerbs.named(action.keyword))
            #expect(Set(object.keys) == Set(RecordingReader.positionKeys + verb.keys.map(\.recordingKey)), "\(line)")
        }
    }

    @Test func theReadmeReferenceNamesEveryKey() throws {
        let readme = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        let names = ConfigurationKeys.names + RunKeys.all.map(\.name) + RunKeys.scheduling.map(\.name) + ExpectationKeys.all.map(\.name)
            + ActionVerbs.names + ActionVerbs.all.flatMap { $0.keys.map(\.name) } + ScenarioParser.topKeys
        for name in Set(names) { #expect(readme.contains("`\(name)"), "README does not mention `\(name)`") }
    }

    @Test func fuzzRangesLieInsideTheAllowedRanges() {
        for (descriptor, value) in FuzzRanges.bounds {
            #expect(descriptor.type.decode(Self.json(value)).isSuccess, "\(descriptor.name): \(value) outside its range")
        }
        // The check can fail: a value outside a range is refused.
        #expect(!ConfigurationKeys.named("max_receive_count")!.descriptor.type.decode(Self.json(.integer(1_001))).isSuccess)
    }

    static func json(_ value: VocabularyValue) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(ValueType.encode(value).utf8), options: .fragmentsAllowed)
    }

    @Test(arguments: [
        ("cluster:\n  nodes: 4\n  concurrency: 2\n  nodes: 5\n", 4, "nodes: duplicate key"),
        ("cluster: { nodes: 4, nodes: 5 }\n", 1, "nodes: duplicate key"),
        ("name: a\nseed: 3\nname: b\n", 3, "name: duplicate key"),
        ("cluster: { visibility_timeout: 10 }", 1, "needs a unit"),
        ("cluster: { visibility_timeout: 3s }", 1, "cluster.visibility_timeout: 3s must be longer than lease_margin (5s, the default)"),
        ("cluster:\n  nodes: 2\n  lease_margin: 90s\n", 3, "cluster.lease_margin: 1m30s must be shorter than visibility_timeout (1m, the default)"),
        ("cluster:\n  lease_margin: 10s\n  visibility_timeout: 8s\n", 3, "cluster.visibility_timeout: 8s must be longer than lease_margin (10s)"),
        ("cluster: { dead_after: 10s }", 1, "cluster.dead_after: 10s must be at least as long as unresponsive_after (30s, the default)"),
        ("seed: 3\ncluster: { seed: 4 }", 2, "already given on line 1"),
        ("runs:\n  - { items: 100, shard_size: 10, poison_shards: [50] }", 2, "poison_shards: shard 50 is outside the run's 10 shards"),
        ("runs:\n  - { id: a, items: 10 }\n  - { id: a, items: 20 }", 3, "run id 'a' is used twice (first on line 2)"),
        ("runs:\n  - { id: a, items: 10 }\nactions:\n  - { at: 1s, schedule: { id: a, items: 5 } }", 4, "run id 'a' is used twice"),
        ("actions:\n  - { at: 1s, kill: node-01, factor: 3 }", 2, "kill: does not take 'factor:'"),
        ("actions:\n  - { at: 1s, rebalance: false }", 2, "rebalance: takes no argument"),
        ("actions:\n  - { at: 1s, message_loss: { probability: 0.3, plane: sideways } }", 2, "plane: must be control, data or all"),
        ("actions:\n  - { at: 1s, message_loss: { probability: 0.3 }, probability: 0.2 }", 2, "probability: given twice"),
        ("actions:\n  - { at: 1s, schedule: { items: 5, repeat: 3 } }", 2, "unknown key 'repeat'"),
        ("actions:\n  - { at: 1s, partition: node-01, for: 0s }", 2, "for: must be longer than zero"),
        ("runs:\n  - { id: \(String(repeating: "x", count: 4_000)), items: 10 }", 2, "id: is longer than 256 bytes"),
        ("expect: { refused_runs: -1 }", 1, "refused_runs: must be between 0"),
    ])
    func badScenariosAreRefusedOnTheRightLine(text: String, line: Int, problem: String) {
        do {
            _ = try ScenarioParser.parse(text, file: "bad.yaml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.message.contains(problem), "\(error)")
            #expect(error.description.count < 300, "\(error)")
        }
    }

    @Test func expectedRefusalsPassAndUnexpectedOnesFail() throws {
        // A schedule during a total drain is refused by the simulation.
        let text = """
        cluster: { nodes: 2, concurrency: 1 }
        runs:
          - { id: first, items: 4, shard_size: 1, work: 1s..2s }
        actions:
          - { at: 1s, drain: node-1 }
          - { at: 1s, drain: node-2 }
          - { at: 2s, schedule: { id: late, items: 4, shard_size: 1, work: 1s..2s } }
          - { at: 3s, resume: node-1 }
          - { at: 3s, resume: node-2 }
        """
        for (expectation, passes) in [("", false), ("expect: { refused_runs: 1 }", true), ("expect: { refused_runs: 2 }", false)] {
            let scenario = try ScenarioParser.parse(text + "\n" + expectation, file: "refused.yaml")
            let simulation = try scenario.makeSimulation()
            simulation.runUntilIdle(limit: .zero + .hours(1))
            let summary = SimulationSummary(simulation: simulation, scenario: scenario, stoppedEarly: false, wallSeconds: 0)
            #expect(summary.refusedRuns == 1)
            #expect(summary.passed == passes, "\(expectation): \(summary.text)")
        }
    }

    static let header = RecordingCodec.header(scenarioName: "r", configuration: {
        var configuration = ClusterConfiguration()
        configuration.nodeCount = 3
        return configuration
    }())
    static let end = #"{"end":true,"at_us":5000000,"events_processed":100,"trace_hash":"0123456789abcdef"}"#
    static func action(at: Int, after: Int) -> String {
        #"{"at_us":\#(at),"after_events":\#(after),"origin":"interactive","action":"rebalance"}"#
    }

    @Test(arguments: [
        ([header.replacingOccurrences(of: "\"scenario\"", with: "\"colour\":1,\"scenario\""), end], 1, "colour: unknown key"),
        ([header.replacingOccurrences(of: "\"pull_wait_us\"", with: "\"pull_waitz_us\""), end], 1, "cluster.pull_waitz_us: unknown key"),
        ([header.replacingOccurrences(of: ",\"self_fencing\":true", with: ""), end], 1, "cluster.self_fencing: missing"),
        ([header, action(at: 1, after: 999_999_999_999), end], 2, "after_events: 999999999999 is more than the 100 events"),
        ([header, action(at: 9_000_000, after: 1), end], 2, "at_us: 9000000 is after the recorded end"),
        ([header, action(at: 2_000_000, after: 5), action(at: 1_000_000, after: 6), end], 3, "earlier than the action before it"),
        ([header, action(at: 1_000_000, after: 6), action(at: 1_000_000, after: 5), end], 3, "fewer than the action before it"),
        ([header, #"{"at_us":1,"after_events":0,"origin":"interactive","action":"kill","node":"node-1","factor":2}"#, end], 2, "factor: unknown key"),
        ([header, #"{"at_us":1,"after_events":0,"origin":"interactive","action":"message_loss","probability":0.2,"for_us":null}"#, end], 2, "plane: missing"),
        ([header, end.replacingOccurrences(of: "\"end\":true", with: "\"end\":true,\"extra\":1")], 2, "extra: unknown key"),
    ])
    func badRecordingsAreRefusedOnTheRightLine(lines: [String], line: Int, problem: String) {
        do {
            _ = try RecordingReader.parse(lines.joined(separator: "\n") + "\n", file: "bad.jsonl")
            Issue.record("accepted: \(lines)")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.message.contains(problem), "\(error)")
        }
    }
}

extension Result {
    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
