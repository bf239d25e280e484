import AureonEngine

/// A checkpoint as the broker writes it: plain data, its two nodes by index in `nodeNames`.
///
/// Why not a `CheckpointRecord`: spelling one out for every save (a `TaskID`, two node names,
/// the dataset) and packing it again in the in-memory store cost about 1,700 instructions a
/// save on W1. That store takes a draft as it is; a store that keeps records spelled out (on
/// disk, in a mirror) reads `record`, which is exactly what the record path would have saved.
public struct CheckpointDraft: Sendable {
    public let sequence: UInt64
    public let run: RunID
    public let iteration: Int
    public let shard: ShardKey
    /// The node that wrote it and the node the shard was placed on, by index in `nodeNames`.
    public let node: NodeID
    public let targetNode: NodeID
    public let createdAt: VirtualTime
    public let token: FencingToken
    public let payload: CheckpointRecord.Payload
    public let supervisorSnapshot: CheckpointRecord.SupervisorSnapshot
    public let strategy: ShardStrategy
    public let dataset: String
    public let nodeNames: CheckpointNodeNames

    public init(
        sequence: UInt64, run: RunID, iteration: Int, shard: ShardKey, node: NodeID, targetNode: NodeID, createdAt: VirtualTime,
        token: FencingToken, payload: CheckpointRecord.Payload, supervisorSnapshot: CheckpointRecord.SupervisorSnapshot,
        strategy: ShardStrategy, dataset: String, nodeNames: CheckpointNodeNames
    ) {
        precondition(nodeNames.names.indices.contains(node.index) && nodeNames.names.indices.contains(targetNode.index),
                     "a checkpoint names nodes of its cluster")
        self.sequence = sequence
        self.run = run
        self.iteration = iteration
        self.shard = shard
        self.node = node
        self.targetNode = targetNode
        self.createdAt = createdAt
        self.token = token
        self.payload = payload
        self.supervisorSnapshot = supervisorSnapshot
        self.strategy = strategy
        self.dataset = dataset
        self.nodeNames = nodeNames
    }

    public var task: TaskID { TaskID(run: run, iteration: iteration, shard: shard) }

    /// The record spelled out, names and all.
    public var record: CheckpointRecord {
        CheckpointRecord(
            sequence: sequence, task: task, nodeName: nodeNames.names[node.index], createdAt: createdAt, token: token,
            payload: payload, supervisorSnapshot: supervisorSnapshot,
            metadata: .init(strategy: strategy, targetNodeName: nodeNames.names[targetNode.index], dataset: dataset))
    }
}

/// A cluster's node names, made once and shared by reference between its broker and its
/// checkpoint store.
///
/// Why a class: a store maps a draft's node index to its own name table once per node and
/// keeps that map while the drafts come from the same directory (`===`); holding the
/// directory keeps that identity from ever being reused by another cluster's names.
public final class CheckpointNodeNames: Sendable {
    public let names: [String]
    public init(_ names: [String]) { self.names = names }
    public subscript(node: NodeID) -> String { names[node.index] }
}
