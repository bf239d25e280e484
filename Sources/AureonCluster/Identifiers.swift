import AureonEngine

/// A node's position in the cluster (0-based). Names such as `node-07` are derived from it.
public struct NodeID: Hashable, Comparable, Sendable {
    public let index: Int
    public init(_ index: Int) {
        precondition(index >= 0, "node index must not be negative")
        self.index = index
    }
    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.index < rhs.index }
}

/// Node names are `node-01`… zero-padded to the width of the node count (at least two digits),
/// so that they sort the same way as text and as numbers.
public struct NodeNaming: Sendable, Equatable {
    public let digits: Int
    public init(nodeCount: Int) { digits = max(2, String(max(1, nodeCount)).count) }

    public func name(of node: NodeID) -> String {
        let number = String(node.index + 1)
        return "node-" + String(repeating: "0", count: max(0, digits - number.count)) + number
    }

    /// Parses `node-3`, `node-03` or `node-003` into an index below `nodeCount`; nil otherwise.
    public func parse(_ text: String, nodeCount: Int) -> NodeID? {
        guard text.hasPrefix("node-"), text.count <= 5 + 12 else { return nil }
        guard let number = Int(text.dropFirst(5)), number >= 1, number <= nodeCount else { return nil }
        return NodeID(number - 1)
    }
}

/// An RQML run identifier such as `rqml-run-001`.
public struct RunID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (lhs: RunID, rhs: RunID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The seed's naming: `rqml-run-001`, `rqml-run-002`, …
    public static func sequential(_ number: Int) -> RunID {
        let digits = String(number)
        return RunID("rqml-run-" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits)
    }
}

/// One shard of a run: a contiguous slice of items or a single item (the seed's shard keys).
public enum ShardKey: Hashable, Sendable, CustomStringConvertible {
    case slice(start: Int, end: Int)
    case item(Int)

    public var description: String {
        switch self {
        case let .slice(start, end): "slice:\(start):\(end)"
        case let .item(index): "item:\(index)"
        }
    }

    /// Folds the key into a trace hash without building its string (the hash format's
    /// spelling: 1, start, end for a slice; 2, index for an item).
    func hash(into hasher: inout TraceHasher) {
        switch self {
        case let .slice(start, end):
            hasher.combine(1); hasher.combine(start); hasher.combine(end)
        case let .item(index):
            hasher.combine(2); hasher.combine(index)
        }
    }

    /// Number of items the shard covers.
    public var itemCount: Int {
        switch self {
        case let .slice(start, end): end - start
        case .item: 1
        }
    }
}

/// A task is one shard of one iteration of one run: `rqml-run-001:2:slice:300:400`.
public struct TaskID: Hashable, Sendable, CustomStringConvertible {
    public let run: RunID
    public let iteration: Int
    public let shard: ShardKey

    public init(run: RunID, iteration: Int, shard: ShardKey) {
        self.run = run
        self.iteration = iteration
        self.shard = shard
    }

    public var description: String { "\(run.rawValue):\(iteration):\(shard)" }

    /// Hashes the numbers only: tasks of one run differ in iteration and shard, and hashing the
    /// run's name for every checkpoint lookup was a measurable share of the benchmarks. Equal
    /// tasks still hash equally; tasks of different runs with the same numbers merely collide.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(iteration)
        switch shard {
        case let .slice(start, end):
            hasher.combine(start)
            hasher.combine(end)
        case let .item(index):
            hasher.combine(-1 - index)
        }
    }
}

/// A fencing token: strictly increasing per message, so that the newest holder always wins.
public struct FencingToken: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: UInt64
    public init(_ value: UInt64) { self.value = value }
    public static func < (lhs: FencingToken, rhs: FencingToken) -> Bool { lhs.value < rhs.value }
    public var description: String { String(value) }
}

/// The queue's identifier for one message (dense, assigned at enqueue).
public struct MessageID: Hashable, Comparable, Sendable {
    public let index: Int
    public init(_ index: Int) { self.index = index }
    public static func < (lhs: MessageID, rhs: MessageID) -> Bool { lhs.index < rhs.index }
}
