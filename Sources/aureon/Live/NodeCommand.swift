import ArgumentParser
import AureonCluster
import AureonInput
import AureonPostgres
import AureonScenario
#if canImport(Glibc)
import Glibc
#endif

/// `aureon node --db URL --name NAME`: one node of a live cluster, as a real process. It runs
/// Core v2's node orchestrator against the database (see `LiveNode`) with the cluster
/// settings of `--scenario` (its `cluster:` section, as `simulate` reads it).
///
/// SIGTERM drains it: it takes no new work, finishes what it holds and exits 0. SIGINT and
/// SIGHUP (or a second SIGTERM) stop it at once, leaving its leases to run out; so does a `kill`
/// control request. SIGKILL and SIGSTOP are the faults live mode is for.
struct NodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "Run one node of a live cluster against its database."
    )

    @Option(name: .long, help: "The cluster's database, postgres://user@host:port/database.")
    var db: String
    @Option(name: .long, help: "The node's name in the cluster (letters, digits, . _ -; at most 63).")
    var name: String
    @Option(name: .long, help: "Scenario file (YAML) whose cluster: section sets the timings.")
    var scenario: String?
    @Option(name: .long, help: "Slots on this node (1…1024).")
    var concurrency: Int?
    @Option(name: .long, parsing: .unconditional, help: "Unsigned 64-bit seed (the node's injected-failure draws).")
    var seed: String?
    @OptionGroup var time: TimeScaleFlag

    /// Longest node name (PostgreSQL's identifier length, which keeps names printable in every pane).
    static let nameLimit = 63

    func run() throws {
        try Self.checkName(name)
        var configuration = try scenario.map { path throws(InputError) in try ScenarioParser.load(path: path).configuration }
            ?? ClusterConfiguration()
        if let concurrency {
            _ = try FlagValue.parse("--concurrency", String(concurrency), ConfigurationKeys.named("concurrency"))
            configuration.concurrency = concurrency
        }
        if let seed {
            _ = try FlagValue.parse("--seed", seed, ConfigurationKeys.named("seed"))
            configuration.seed = UInt64(seed) ?? configuration.seed
        }
        do {
            try configuration.validate()
        } catch {
            throw InputError(file: scenario, "cluster.\(error.key): \(error.problem)")
        }
        let clock = try time.clock()
        let address = try DatabaseAddress(url: db)
        LiveSignals.block()
        let node = try LiveNode(address: address, name: name, configuration: configuration, clock: clock) { line in
            print(line)
            fflush(nil)
        }
        let stop = try node.run { milliseconds -> LiveNodeSignal? in
            LiveSignals.take(waitingAtMost: milliseconds).map { $0 == SIGTERM ? LiveNodeSignal.drain : .stop }
        }
        if stop != LiveNodeStop.killed { node.close() }
        print("node \(node.identity) stopped (\(stop)): committed \(node.committed)")
        fflush(nil)
    }

    static func checkName(_ name: String) throws(InputError) {
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2E || byte == 0x5F || byte == 0x2D
        }
        guard !name.isEmpty, name.utf8.count <= nameLimit, allowed else {
            throw InputError("--name: '\(EchoedValue.cut(name))' must be 1–\(nameLimit) letters, digits, '.', '_' or '-'")
        }
    }
}
