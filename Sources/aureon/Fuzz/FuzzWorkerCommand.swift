import ArgumentParser
import AureonScenario

/// `aureon fuzz-worker` (hidden): a ``WorkerPool`` worker of `aureon fuzz --jobs N`. Each
/// request line is "FIRST COUNT"; the reply is one ``FuzzRecord`` JSON line per seed, written
/// as each seed finishes.
struct FuzzWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz-worker",
        abstract: "A worker process of aureon fuzz --jobs (reads seed ranges on stdin).",
        shouldDisplay: false
    )

    @Option(name: .customLong("nodes-max"), help: "Largest cluster to draw (2…64).")
    var nodesMax: Int

    static func arguments(nodesMax: Int) -> [String] { ["fuzz-worker", "--nodes-max", String(nodesMax)] }

    static func request(_ range: SeedRange) -> String { "\(range.first) \(range.count)" }

    func run() throws {
        guard (2...64).contains(nodesMax) else { throw InputError("--nodes-max must be between 2 and 64 (got \(nodesMax))") }
        try WorkerService.serve { request, reply in
            let fields = request.split(separator: " ")
            guard fields.count == 2, let first = UInt64(fields[0]), let count = UInt64(fields[1]),
                  count <= FuzzCampaign.seedsPerRequest, count == 0 || first <= UInt64.max - (count - 1) else {
                throw InputError("fuzz-worker: a request is 'FIRST COUNT' with COUNT ≤ \(FuzzCampaign.seedsPerRequest) (got '\(request)')")
            }
            for seed in SeedRange(first: first, count: count).seeds {
                reply(FuzzRecord.run(seed: seed, nodesMax: nodesMax).jsonLine)
            }
        }
    }
}
