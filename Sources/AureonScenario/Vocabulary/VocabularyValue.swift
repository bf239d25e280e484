import AureonEngine

/// A value of some key, once parsed from a scenario, a recording, a flag or a form field —
/// the common currency between the descriptor tables and the types they fill in.
public enum VocabularyValue: Sendable, Equatable {
    case duration(VirtualDuration)
    case integer(Int)
    case number(Double)
    case flag(Bool)
    case unsigned(UInt64)
    case text(String)
    /// One or more node names (resolved against the node count later).
    case names([String])
    case integers([Int])
    case durationRange(ClosedRange<VirtualDuration>)
    /// An optional key left to its derived default (`null` in recordings).
    case absent
}

/// A value as written in a YAML file: one scalar, or a list of scalars.
public enum WrittenValue: Sendable, Equatable {
    case scalar(String)
    case list([String])
}
