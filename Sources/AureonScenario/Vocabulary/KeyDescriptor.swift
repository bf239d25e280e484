/// One key of the vocabulary: its name in scenario files, its type and range, and what it
/// means. Recordings write the same key, with `_us` appended when the value is a duration
/// (whole microseconds keep replays exact).
public struct KeyDescriptor: Sendable {
    public let name: String
    public let type: ValueType
    public let doc: String

    public init(_ name: String, _ type: ValueType, _ doc: String) {
        self.name = name
        self.type = type
        self.doc = doc
    }

    /// The key in recordings.
    public var recordingKey: String { type.isDuration ? name + "_us" : name }
}
