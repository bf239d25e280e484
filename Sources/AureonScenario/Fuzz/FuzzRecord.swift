import Foundation

/// One seed's result as one JSON line: what `aureon fuzz --jsonl` prints per seed and what
/// `aureon fuzz --report` reads back. One line per seed and nothing else, so the outputs of
/// the shards of a campaign concatenate (in any order) into the whole campaign's results.
public struct FuzzRecord: Equatable, Sendable {
    public let seed: UInt64
    public let passed: Bool
    public let nodes: Int
    public let faults: Int
    public let traceHash: String
    /// The largest cluster the campaign drew from: part of the reproduce command.
    public let nodesMax: Int
    /// What failed (empty when the seed passed).
    public let detail: String

    public init(seed: UInt64, passed: Bool, nodes: Int, faults: Int, traceHash: String, nodesMax: Int, detail: String) {
        self.seed = seed
        self.passed = passed
        self.nodes = nodes
        self.faults = faults
        self.traceHash = traceHash
        self.nodesMax = nodesMax
        self.detail = detail
    }

    public init(_ outcome: Fuzzer.Outcome, nodesMax: Int) {
        self.init(seed: outcome.seed, passed: outcome.passed, nodes: outcome.nodes, faults: outcome.faults,
                  traceHash: outcome.traceHash, nodesMax: nodesMax, detail: outcome.detail)
    }

    /// Runs one seed (twice, see ``Fuzzer/run(seed:maxNodes:)``).
    public static func run(seed: UInt64, nodesMax: Int) -> FuzzRecord {
        FuzzRecord(Fuzzer.run(seed: seed, maxNodes: nodesMax), nodesMax: nodesMax)
    }

    /// The record as one line of JSON (no newline), keys in a fixed order.
    public var jsonLine: String {
        JSONText.object([
            ("seed", String(seed)), ("passed", passed ? "true" : "false"), ("nodes", String(nodes)), ("faults", String(faults)),
            ("trace_hash", JSONText.string(traceHash)), ("nodes_max", String(nodesMax)), ("detail", JSONText.string(detail)),
        ])
    }

    /// The command that runs this seed alone.
    public var reproduceCommand: String { "aureon fuzz --seeds 1 --start \(seed) --nodes-max \(nodesMax)" }

    /// Reads a line written by ``jsonLine``; the problem is said as `key: problem`.
    public static func parse(jsonLine line: String) -> Result<FuzzRecord, InputError> {
        let fields: Fields
        do {
            fields = try JSONDecoder().decode(Fields.self, from: Data(line.utf8))
        } catch let DecodingError.typeMismatch(type, context) {
            let key = context.codingPath.last?.stringValue ?? "record"
            return .failure(InputError("\(key): not \(type == String.self ? "a string" : type == Bool.self ? "true or false" : "a whole number")"))
        } catch {
            return .failure(InputError("record: not a JSON object of a fuzz result (one per line, as written by aureon fuzz --jsonl)"))
        }
        guard let seed = fields.seed else { return .failure(InputError("seed: missing")) }
        guard let passed = fields.passed else { return .failure(InputError("passed: missing")) }
        guard let traceHash = fields.traceHash else { return .failure(InputError("trace_hash: missing")) }
        guard let nodesMax = fields.nodesMax else { return .failure(InputError("nodes_max: missing")) }
        return .success(FuzzRecord(seed: seed, passed: passed, nodes: fields.nodes ?? 0, faults: fields.faults ?? 0,
                                   traceHash: traceHash, nodesMax: nodesMax, detail: fields.detail ?? ""))
    }

    /// The JSON object's fields, each optional so a missing one is named rather than thrown.
    private struct Fields: Decodable {
        let seed: UInt64?
        let passed: Bool?
        let nodes: Int?
        let faults: Int?
        let traceHash: String?
        let nodesMax: Int?
        let detail: String?

        enum CodingKeys: String, CodingKey {
            case seed, passed, nodes, faults, detail
            case traceHash = "trace_hash"
            case nodesMax = "nodes_max"
        }
    }
}
