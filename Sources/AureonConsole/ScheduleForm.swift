import AureonCluster
import AureonEngine
import AureonScenario
import AureonTUI
import Foundation

/// The `s` form: a run spec as editable text, validated field by field as the operator types.
///
/// Opened pre-filled with ``ConsoleDefaults/scheduleTemplate(id:)`` so `s`
/// then Enter schedules a sensible run. A bad value is refused where it is
/// typed, with a message under the field; nothing is scheduled until every
/// field parses and the whole spec passes ``ShardPlanner/validate(_:)``.
struct ScheduleForm: Sendable {
    enum Field: Int, CaseIterable, Sendable {
        case dataset, items, shardSize, strategy, work, maxIterations

        var label: String {
            switch self {
            case .dataset: "Dataset"
            case .items: "Items"
            case .shardSize: "Shard size"
            case .strategy: "Strategy"
            case .work: "Work per shard"
            case .maxIterations: "Max iterations"
            }
        }
    }

    let runID: RunID
    private(set) var values: [TextField]
    private(set) var errors: [String?]
    var focused: Field = .dataset
    /// A problem with the spec as a whole (or from the cluster when submitting), shown in the footer.
    var submitError: String?

    init(runID: RunID) {
        self.runID = runID
        let spec = ConsoleDefaults.scheduleTemplate(id: runID)
        values = [
            TextField(spec.dataset), TextField(String(spec.items)), TextField(String(spec.shardSize)),
            TextField(spec.strategy.rawValue), TextField("\(spec.work.lowerBound)..\(spec.work.upperBound)"),
            TextField(String(spec.maxIterations)),
        ]
        errors = Array(repeating: nil, count: Field.allCases.count)
    }

    /// Edits the focused field; returns false when the key is not an edit.
    mutating func edit(_ key: Key) -> Bool {
        guard values[focused.rawValue].handle(key) else { return false }
        revalidate(focused)
        submitError = nil
        return true
    }

    mutating func moveFocus(by delta: Int) {
        let count = Field.allCases.count
        focused = Field(rawValue: ((focused.rawValue + delta) % count + count) % count) ?? .dataset
    }

    private mutating func revalidate(_ field: Field) {
        errors[field.rawValue] = Self.problem(with: values[field.rawValue].text, in: field)
    }

    /// The run key behind a field: its range and messages come from the vocabulary table.
    static func key(for field: Field) -> RunKey {
        switch field {
        case .dataset: RunKeys.dataset
        case .items: RunKeys.items
        case .shardSize: RunKeys.shardSize
        case .strategy: RunKeys.strategy
        case .work: RunKeys.work
        case .maxIterations: RunKeys.maxIterations
        }
    }

    /// Why `text` is not a valid value for `field`, or nil.
    static func problem(with raw: String, in field: Field) -> String? {
        let key = key(for: field)
        switch key.descriptor.type.parse(.scalar(raw.trimmingCharacters(in: .whitespaces))) {
        case .success: return nil
        case let .failure(problem): return "\(key.name): \(problem.message)"
        }
    }

    /// Validates every field and the spec as a whole; the spec to schedule, or nil with errors set.
    mutating func validatedSpec() -> RunSpec? {
        for field in Field.allCases { revalidate(field) }
        guard errors.allSatisfy({ $0 == nil }) else {
            if let first = Field.allCases.first(where: { errors[$0.rawValue] != nil }) { focused = first }
            return nil
        }
        var spec = ConsoleDefaults.scheduleTemplate(id: runID)
        for field in Field.allCases {
            let key = Self.key(for: field)
            guard case let .success(value) = key.descriptor.type.parse(.scalar(values[field.rawValue].text.trimmingCharacters(in: .whitespaces))) else {
                return nil
            }
            key.write(&spec, value)
        }
        if let (key, problem) = RunKeys.check(spec) {
            submitError = key == "run" ? problem : "\(key): \(problem)"
            return nil
        }
        return spec
    }

    /// The form widget for this state.
    func widget(theme: Theme, glyphs: GlyphSet) -> Form {
        let fields = Field.allCases.map { field in
            Form.Field(label: field.label, value: values[field.rawValue], error: errors[field.rawValue])
        }
        let footer = submitError.map { "\(glyphs.cross) \($0)" } ?? (glyphs.isUnicode ? "tab next field · enter schedule · esc cancel" : "tab next field, enter schedule, esc cancel")
        return Form(
            title: "Schedule \(runID)", fields: fields, focusedIndex: focused.rawValue, footer: footer, valueWidth: 26,
            style: theme.style(.text), borderStyle: theme.style(.borderFocused), titleStyle: theme.style(.title),
            labelStyle: theme.style(.text), valueStyle: theme.style(.text).adding(.underline),
            focusedValueStyle: theme.style(.accent).adding([.underline, .bold]),
            errorStyle: theme.style(.error), footerStyle: submitError == nil ? theme.style(.muted) : theme.style(.error),
            glyphs: glyphs
        )
    }
}
