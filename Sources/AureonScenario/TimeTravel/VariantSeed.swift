import AureonEngine

/// The seed of one re-run of the future: a pure function of (recording seed, branch, moment,
/// variant index), so any variant can be re-run alone, in any process, in any order, and
/// reproduce its history.
public enum VariantSeed {
    public static func derive(seed: UInt64, branch: String, moment: VirtualTime, variant: Int) -> UInt64 {
        // FNV-1a of the branch name: stable across processes (Swift's hashing is not).
        var name: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in branch.utf8 { name = (name ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        var value = SplitMix64.mix(seed ^ 0x7661_7269_616E_7473)  // "variants"
        value = SplitMix64.mix(value ^ name)
        value = SplitMix64.mix(value ^ UInt64(bitPattern: moment.microseconds))
        return SplitMix64.mix(value ^ UInt64(variant))
    }
}
