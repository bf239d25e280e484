import ArgumentParser
import AureonCluster
import AureonEngine
import AureonScenario
import AureonStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One `aureon simulate`, as plain data: ``SimulateCommand`` (ArgumentParser) fills it, and so
/// does ``init(plainly:)`` without reflection for a plain command line, which keeps a short
/// headless run's start-up small (``LongFlag`` says why).
struct SimulateRequest: Equatable {
    /// The command's own flags, each defined once.
    enum Flags {
        static let until = LongFlag("until", .value, "Stop at this virtual time (e.g. 10m, 24h).")
        static let checkpointDirectory = LongFlag(
            "checkpoint-dir", .value, "Mirror checkpoints as JSON files into this directory (claimed for this run).")
        static let checkpointDirectoryReset = LongFlag(
            "checkpoint-dir-reset", .toggle, "Discard the checkpoints of another run found in --checkpoint-dir.")
        static let events = LongFlag("events", .value, "Write every event to this file as JSON lines.")
        static let record = LongFlag("record", .value, "Write a recording (seed, configuration, every action) to replay with `aureon replay`.")
        static let json = LongFlag("json", .toggle, "Print the summary as one JSON object.")
        static let defect = LongFlag(
            "defect", .values,
            "Break the queue on purpose, to watch the checker catch it: \(QueueDefects.named.map(\.name).joined(separator: ", ")).",
            valueName: "name")
        /// Every flag `simulate` takes, its groups' included.
        static let all = ClusterSettings.Flags.all + RunSettings.Flags.all
            + [until, checkpointDirectory, checkpointDirectoryReset, events, record, json, defect]
    }

    var cluster: ClusterSettings
    var runs: RunSettings
    var until: String?
    var checkpointDirectory: String?
    var checkpointDirectoryReset: Bool
    var events: String?
    var record: String?
    var json: Bool
    var defect: [String]

    init(cluster: ClusterSettings, runs: RunSettings, until: String?, checkpointDirectory: String?, checkpointDirectoryReset: Bool,
         events: String?, record: String?, json: Bool, defect: [String]) {
        self.cluster = cluster
        self.runs = runs
        self.until = until
        self.checkpointDirectory = checkpointDirectory
        self.checkpointDirectoryReset = checkpointDirectoryReset
        self.events = events
        self.record = record
        self.json = json
        self.defect = defect
    }

    /// The request ArgumentParser would parse from `arguments` (what follows `simulate`), read
    /// without reflection; nil when ``PlainArguments`` declines the line or one of its values,
    /// and ArgumentParser is to parse it (and explain what is wrong).
    init?(plainly arguments: ArraySlice<String>) {
        guard let plain = PlainArguments(arguments, flags: Flags.all) else { return nil }
        do {
            self.init(cluster: try ClusterSettings(plain), runs: try RunSettings(plain), until: try plain.value(Flags.until),
                      checkpointDirectory: try plain.value(Flags.checkpointDirectory),
                      checkpointDirectoryReset: plain.isSet(Flags.checkpointDirectoryReset), events: try plain.value(Flags.events),
                      record: try plain.value(Flags.record), json: plain.isSet(Flags.json), defect: try plain.values(Flags.defect))
        } catch {
            return nil
        }
    }

    /// Events processed between two looks at the output files' and the mirror's health.
    static let eventsBetweenDiskChecks = 100_000

    func run() throws {
        var scenario = try cluster.baseScenario(defaultNodes: 12, defaultConcurrency: 4)
        try runs.apply(to: &scenario)
        var limit: VirtualDuration?
        if let until {
            if case let .duration(value) = try FlagValue.parse(Flags.until.dashed, until, KeyDescriptor("until", .duration(positive: true), "")) {
                limit = value
            }
        }
        // Everything the input can get wrong is checked before any file or folder is touched
        // (the identity resolves every action's node names, as the simulation will).
        var defects: QueueDefects = []
        for name in defect {
            guard let known = QueueDefects.named.first(where: { $0.name == name }) else {
                throw InputError("--defect: unknown defect '\(name.prefix(40))' (one of: \(QueueDefects.named.map(\.name).joined(separator: ", ")))")
            }
            defects.insert(known.defect)
        }
        // A defect changes the history, so it is part of which run a checkpoint directory holds.
        let identity = RunIdentity(seed: scenario.configuration.seed,
                                   scenarioHash: try scenario.identityHash(including: defect.sorted().map { "defect: " + $0 }))
        do {
            try scenario.configuration.validate()
        } catch {
            throw InputError(file: scenario.source, "cluster.\(error.key): \(error.problem)")
        }
        if checkpointDirectoryReset && checkpointDirectory == nil {
            throw InputError("--checkpoint-dir-reset needs --checkpoint-dir")
        }
        if checkpointDirectory?.isEmpty == true { throw InputError("--checkpoint-dir: empty path; give a directory name") }
        if events?.isEmpty == true { throw InputError("--events: empty path; give a file name, or - for standard output") }
        if record?.isEmpty == true { throw InputError("--record: empty path; give a file name, or - for standard output") }

        var mirror: MirroredCheckpointStore?
        if let checkpointDirectory {
            let disk = try CheckpointDirectory.claim(checkpointDirectory, for: identity, reset: checkpointDirectoryReset)
            mirror = MirroredCheckpointStore(
                memory: InMemoryCheckpointStore(historyLimit: scenario.configuration.checkpointHistoryLimit), disk: disk)
        }
        let eventFile = try events.map { try OutputFlag.open($0, flag: "--events") }
        let recordFile = try record.map { try OutputFlag.open($0, flag: "--record") }
        let naming = scenario.configuration.naming
        let sink = eventFile.map { file in { (event: ClusterEvent) in file.writeLine(EventJSON.line(event, naming: naming)) } }
        let simulation = try scenario.makeSimulation(checkpointStore: mirror, queueDefects: defects, eventSink: sink)
        // Headless: no view reads the event ring, and only a checkpoint directory reads the
        // checkpoint records.
        simulation.retainsEvents = false
        simulation.retainsCheckpointRecords = mirror != nil
        if !json {
            simulation.narrationSink = { time, text in print("[\(time)] \(text)") }
        }

        let clock = ContinuousClock()
        let started = clock.now
        let bound = limit ?? scenario.expectations.allRunsCompleteBy ?? .seconds(48 * 3_600)
        // In slices, so that a disk error ends the run soon after it happens; the slices process
        // exactly the events one call would, so the history is the same.
        while true {
            let before = simulation.counters.eventsProcessed
            let idle = simulation.runUntilIdle(limit: .zero + bound, maxEvents: Self.eventsBetweenDiskChecks)
            if let failure = mirror?.failure ?? eventFile?.failure { throw failure }
            if idle || simulation.counters.eventsProcessed - before < Self.eventsBetweenDiskChecks { break }
        }
        let elapsed = started.duration(to: clock.now)
        try eventFile?.commit()
        if let recordFile {
            recordFile.write(Recording(scenarioName: scenario.name, simulation: simulation).text)
            try recordFile.commit()
        }

        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let summary = SimulationSummary(simulation: simulation, scenario: scenario, stoppedEarly: limit != nil, wallSeconds: wall)
        print(json ? summary.json : summary.text)
        // Exit here rather than return: tearing down a million-shard simulation object by object
        // takes longer than some whole runs, and the process is ending anyway.
        fflush(nil)
        Glibc.exit(summary.passed ? 0 : 1)
    }
}
