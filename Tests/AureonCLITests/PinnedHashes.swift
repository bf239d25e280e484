/// The trace hash of every shipped demo, pinned (format version 2, `TraceHasher.formatVersion`).
///
/// A change here is a change of history. If it was meant (the model changed), bump the format
/// version and update these with `for f in demo/*.yaml; do aureon simulate --scenario $f --json; done`;
/// if it was not, find out why before anything else.
enum PinnedHashes {
    static let demos: [String: String] = [
        "calm": "348695016be10267",
        "lost-acks": "df83095cb442463c",
        "node-crash": "da630e0247de915c",
        "node-loss-30": "f8c467d6ec5c4e84",
        "partition-zombie": "f831029dc4ac25de",
        "poison-shard": "be8627d7bbf77540",
        "rolling-drain": "50f3e0cdbf117cda",
        "self-fencing": "502e5af4be7b2619",
        "slow-node": "3b0977347c4a5939",
        "tour": "a1ff2e1f0974f687",
    ]
}
