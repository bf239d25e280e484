/// How a released hint appears in the history: as a narration line, so that it is part of the
/// recording (and of the trace hash) and a recorded attempt's hint costs can be graded again.
public enum HintText {
    static func line(_ index: Int, _ text: String) -> String { "hint \(index + 1): \(text)" }
    /// Marks the next action as the instructor's (a hand-made fault, an inject fired early).
    static let instructorPrefix = "instructor: "
    /// The narration line that marks the next action as the instructor's.
    public static func instructorMark(_ what: String) -> String { instructorPrefix + what }
}
