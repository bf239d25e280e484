import AureonScenario
import Foundation

/// Runs a range of fuzzer seeds, in this process (`jobs` 1) or in a ``WorkerPool`` of
/// `aureon fuzz-worker` processes, and hands every seed's record to the caller in seed order.
struct FuzzCampaign {
    /// Seeds per worker request: big enough that a request's round trip (two pipe writes) is
    /// noise next to its work (a seed takes about a millisecond), small enough that the last
    /// requests of a campaign keep every worker busy. Fixed, so requests never depend on `jobs`.
    static let seedsPerRequest: UInt64 = 16

    let range: SeedRange
    let nodesMax: Int
    let jobs: Int

    /// A worker was lost while running `seed`: the campaign's result is incomplete.
    struct SeedLost: CommandFailure {
        let failure: WorkerPool.Failure
        let seed: UInt64
        let nodesMax: Int
        var description: String {
            guard case let .died(label, worker, pid, ending, _, _) = failure else { return failure.description }
            return "\(label) \(worker) (pid \(pid)) \(ending) while running seed \(seed); "
                + "reproduce: aureon fuzz --seeds 1 --start \(seed) --nodes-max \(nodesMax) --jobs 1"
        }
    }

    /// A worker's reply was not the results of the seeds it was asked for.
    struct BadReply: CommandFailure {
        let detail: String
        var description: String { "fuzz worker reply: \(detail)" }
    }

    func run(_ deliver: (FuzzRecord) throws -> Void) throws {
        guard jobs > 1 else {
            for seed in range.seeds { try deliver(FuzzRecord.run(seed: seed, nodesMax: nodesMax)) }
            return
        }
        let size = Self.seedsPerRequest
        let pool = WorkerPool(label: "fuzz worker", arguments: FuzzWorkerCommand.arguments(nodesMax: nodesMax), workers: jobs)
        do {
            try pool.run(requestCount: range.chunkCount(of: size), request: { FuzzWorkerCommand.request(range.chunk($0, of: size)) }) { index, lines in
                let chunk = range.chunk(index, of: size)
                guard lines.count == Int(chunk.count) else {
                    throw BadReply(detail: "\(lines.count) results for the \(chunk.count) seeds \(chunk)")
                }
                for (line, seed) in zip(lines, chunk.seeds) {
                    guard case let .success(record) = FuzzRecord.parse(jsonLine: line), record.seed == seed else {
                        throw BadReply(detail: "no result for seed \(seed) in its reply")
                    }
                    try deliver(record)
                }
            }
        } catch let failure as WorkerPool.Failure {
            guard case let .died(_, _, _, _, request?, replied) = failure else { throw failure }
            throw SeedLost(failure: failure, seed: range.chunk(request, of: size).first + UInt64(replied), nodesMax: nodesMax)
        }
    }
}
