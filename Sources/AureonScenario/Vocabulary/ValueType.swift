import AureonEngine
import AureonInput
import Foundation

/// The type of a key's value, with its allowed range: the one place that parses it from text
/// (YAML, flags, form fields), decodes it from a recording's JSON, encodes it back and says
/// what is wrong with a bad one.
public enum ValueType: Sendable {
    /// A duration with a unit (`500ms`, `30s`, `2m`, `1h30m`); `positive` refuses zero.
    case duration(positive: Bool)
    /// A duration that may be left out: its default is derived from other keys.
    case optionalDuration(positive: Bool)
    case integer(ClosedRange<Int>)
    case number(ClosedRange<Double>)
    case probability
    case flag
    /// `true`, and nothing else: verbs without an argument (`rebalance: true`).
    case confirmation
    case unsigned
    case text(maxBytes: Int)
    /// Non-empty text without spaces or control characters (dataset names).
    case word(maxBytes: Int)
    case choice([String])
    /// One node name.
    case node
    /// A node name, or a list of them.
    case names
    case integers(ClosedRange<Int>)
    /// `MIN..MAX` durations (`20s..90s`), or one duration for both.
    case durationRange
    /// A nested run mapping (`schedule:`), read with ``RunKeys``.
    case run

    /// True when recordings write the value as whole microseconds, under `name_us`.
    public var isDuration: Bool {
        switch self {
        case .duration, .optionalDuration, .durationRange: true
        default: false
        }
    }

    /// Durations in scenario files and flags must carry their unit: `visibility_timeout: 10`
    /// could mean seconds or milliseconds, and the README has always required units.
    public static func parseDuration(_ text: String) -> VirtualDuration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let last = trimmed.last, last.isLetter else { return nil }
        return DurationFormat.parse(trimmed)
    }

    static let durationHint = "a duration with a unit, such as 500ms, 30s, 2m or 1h"

    /// The value written as `written`, or what is wrong with it (`must be …`).
    public func parse(_ written: WrittenValue) -> Result<VocabularyValue, ValueProblem> {
        if case let .list(items) = written {
            switch self {
            case .node:
                return .failure("takes one node, not a list")
            case .names:
                guard !items.isEmpty else { return .failure("must name at least one node") }
                return .success(.names(items))
            case let .integers(range):
                var values: [Int] = []
                for item in items {
                    guard let value = Int(item.replacingUnderscores()), range.contains(value) else {
                        return .failure("must hold whole numbers between \(range.lowerBound) and \(range.upperBound) (got '\(EchoedValue.cut(item))')")
                    }
                    values.append(value)
                }
                return .success(.integers(values))
            default:
                return .failure("must be a single value, not a list")
            }
        }
        guard case let .scalar(text) = written else { return .failure("must be a single value") }
        let got = "(got '\(EchoedValue.cut(text))')"
        switch self {
        case let .duration(positive), let .optionalDuration(positive):
            guard let value = Self.parseDuration(text) else {
                if DurationFormat.parse(text) != nil { return .failure("needs a unit, such as \(text)s or \(text)ms \(got)") }
                return .failure("must be \(Self.durationHint), not negative \(got)")
            }
            if positive, value <= .zero { return .failure("must be longer than zero \(got)") }
            return .success(.duration(value))
        case let .integer(range):
            guard let value = Int(text.replacingUnderscores()) else { return .failure("must be a whole number \(got)") }
            guard range.contains(value) else { return .failure("must be between \(range.lowerBound) and \(range.upperBound) (got \(value))") }
            return .success(.integer(value))
        case let .number(range):
            guard let value = Double(text), value.isFinite, range.contains(value) else {
                return .failure("must be a number between \(Self.plain(range.lowerBound)) and \(Self.plain(range.upperBound)) \(got)")
            }
            return .success(.number(value))
        case .probability:
            guard let value = Double(text), value.isFinite, (0...1).contains(value) else {
                return .failure("must be a probability between 0 and 1 \(got)")
            }
            return .success(.number(value))
        case .flag:
            switch text.lowercased() {
            case "true", "yes", "on": return .success(.flag(true))
            case "false", "no", "off": return .success(.flag(false))
            default: return .failure("must be true or false \(got)")
            }
        case .confirmation:
            return text.lowercased() == "true" ? .success(.flag(true)) : .failure("takes no argument: write 'true' \(got)")
        case .unsigned:
            guard let value = UInt64(text.replacingUnderscores()) else {
                return .failure("must be an unsigned 64-bit integer, 0…18446744073709551615 \(got)")
            }
            return .success(.unsigned(value))
        case let .text(maxBytes):
            guard text.utf8.count <= maxBytes else { return .failure("is longer than \(maxBytes) bytes (got '\(EchoedValue.cut(text))')") }
            return .success(.text(text))
        case let .word(maxBytes):
            guard !text.isEmpty else { return .failure("must not be empty") }
            guard text.utf8.count <= maxBytes else { return .failure("must be at most \(maxBytes) bytes (got '\(EchoedValue.cut(text))')") }
            guard !text.contains(where: { $0.isWhitespace || $0.unicodeScalars.contains { $0.properties.generalCategory == .control } }) else {
                return .failure("must not contain spaces \(got)")
            }
            return .success(.text(text))
        case let .choice(options):
            guard options.contains(text) else { return .failure("must be \(Self.either(options)) \(got)") }
            return .success(.text(text))
        case .node:
            guard !text.isEmpty else { return .failure("must name a node") }
            return .success(.text(text))
        case .names:
            guard !text.isEmpty else { return .failure("must name a node") }
            return .success(.names([text]))
        case .integers:
            return .failure("must be a list, such as [0, 3] \(got)")
        case .durationRange:
            switch Self.parseRange(text) {
            case let .success(range): return .success(.durationRange(range))
            case let .failure(problem): return .failure(ValueProblem("\(problem.message) \(got)"))
            }
        case .run:
            return .failure("must be a mapping of run keys \(got)")
        }
    }

    /// `MIN..MAX` with units on both sides, MIN > 0 and MIN ≤ MAX; one duration means both.
    public static func parseRange(_ text: String) -> Result<ClosedRange<VirtualDuration>, ValueProblem> {
        let parts = text.components(separatedBy: "..")
        if parts.count == 1, let single = parseDuration(parts[0]), single > .zero { return .success(single...single) }
        guard parts.count == 2, let low = parseDuration(parts[0]), let high = parseDuration(parts[1]) else {
            return .failure("must be MIN..MAX with units, such as 20s..90s")
        }
        guard low > .zero else { return .failure("minimum must be longer than zero") }
        guard low <= high else { return .failure("minimum \(low) is greater than maximum \(high)") }
        return .success(low...high)
    }

    /// The value from a recording's JSON (durations as whole microseconds), or what is wrong.
    public func decode(_ json: Any?) -> Result<VocabularyValue, ValueProblem> {
        switch self {
        case let .duration(positive), let .optionalDuration(positive):
            if json == nil || json is NSNull {
                if case .optionalDuration = self { return .success(.absent) }
                return .failure("missing")
            }
            guard let micros = Self.micros(json) else { return .failure("must be a whole, non-negative number of microseconds") }
            if positive, micros == 0 { return .failure("must be longer than zero") }
            return .success(.duration(.microseconds(micros)))
        case let .integer(range):
            guard let value = Self.whole(json), range.contains(value) else {
                return .failure("must be a whole number between \(range.lowerBound) and \(range.upperBound)")
            }
            return .success(.integer(value))
        case let .number(range):
            guard let value = Self.numeric(json)?.doubleValue, value.isFinite, range.contains(value) else {
                return .failure("must be a number between \(Self.plain(range.lowerBound)) and \(Self.plain(range.upperBound))")
            }
            return .success(.number(value))
        case .probability:
            guard let value = Self.numeric(json)?.doubleValue, value.isFinite, (0...1).contains(value) else {
                return .failure("must be a probability within [0, 1]")
            }
            return .success(.number(value))
        case .flag, .confirmation:
            guard let number = json as? NSNumber, number.isJSONBoolean else { return .failure("must be true or false") }
            return .success(.flag(number.boolValue))
        case .unsigned:
            guard let number = Self.numeric(json), let value = UInt64(number.stringValue) else { return .failure("must be an unsigned 64-bit integer") }
            return .success(.unsigned(value))
        case let .text(maxBytes):
            guard let text = json as? String else { return .failure("missing or not text") }
            guard text.utf8.count <= maxBytes else { return .failure("is longer than \(maxBytes) bytes") }
            return .success(.text(text))
        case let .word(maxBytes):
            guard let text = json as? String else { return .failure("missing or not text") }
            guard case .success = ValueType.word(maxBytes: maxBytes).parse(.scalar(text)) else {
                return .failure("must be 1 to \(maxBytes) bytes without spaces")
            }
            return .success(.text(text))
        case let .choice(options):
            guard let text = json as? String else { return .failure("missing or not text") }
            guard options.contains(text) else { return .failure("must be \(Self.either(options)) (got '\(EchoedValue.cut(text))')") }
            return .success(.text(text))
        case .node:
            guard let name = json as? String, !name.isEmpty else { return .failure("missing or not a node name") }
            return .success(.text(name))
        case .names:
            guard let names = json as? [String], !names.isEmpty else { return .failure("missing or not a list of names") }
            return .success(.names(names))
        case let .integers(range):
            guard let values = json as? [Any] else { return .failure("missing or not a list of numbers") }
            var result: [Int] = []
            for value in values {
                guard let exact = Self.whole(value), range.contains(exact) else {
                    return .failure("must hold whole numbers between \(range.lowerBound) and \(range.upperBound)")
                }
                result.append(exact)
            }
            return .success(.integers(result))
        case .durationRange:
            guard let pair = json as? [Any], pair.count == 2, let low = Self.micros(pair[0]), let high = Self.micros(pair[1]) else {
                return .failure("must be [MIN, MAX] in whole microseconds")
            }
            guard low > 0 else { return .failure("minimum must be longer than zero") }
            guard low <= high else { return .failure("minimum is greater than maximum") }
            return .success(.durationRange(.microseconds(low)...(.microseconds(high))))
        case .run:
            return .failure("must be an object of run keys")
        }
    }

    /// The value as JSON text for a recording.
    public static func encode(_ value: VocabularyValue) -> String {
        switch value {
        case let .duration(duration): String(duration.microseconds)
        case let .integer(integer): String(integer)
        case let .number(number): JSONText.number(number)
        case let .flag(flag): String(flag)
        case let .unsigned(unsigned): String(unsigned)
        case let .text(text): JSONText.string(text)
        case let .names(names): JSONText.array(names.map(JSONText.string))
        case let .integers(values): JSONText.array(values.map { String($0) })
        case let .durationRange(range): JSONText.array([String(range.lowerBound.microseconds), String(range.upperBound.microseconds)])
        case .absent: "null"
        }
    }

    static func either(_ options: [String]) -> String {
        options.count <= 1 ? options.joined() : options.dropLast().joined(separator: ", ") + " or " + (options.last ?? "")
    }

    static func plain(_ number: Double) -> String { number == number.rounded() ? String(Int64(number)) : String(number) }

    private static func numeric(_ json: Any?) -> NSNumber? {
        guard let number = json as? NSNumber, !number.isJSONBoolean else { return nil }
        return number
    }

    private static func whole(_ json: Any?) -> Int? {
        guard let number = numeric(json) else { return nil }
        let value = number.doubleValue
        guard value.rounded() == value, let exact = Int(exactly: value) else { return nil }
        return exact
    }

    private static func micros(_ json: Any?) -> Int64? {
        guard let number = numeric(json), let value = Int64(number.stringValue), value >= 0 else { return nil }
        return value
    }
}

/// What is wrong with a value, phrased to follow its key: `must be …`.
public struct ValueProblem: Error, Equatable, Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public init(stringLiteral value: String) { message = value }
    public var description: String { message }
}

extension NSNumber {
    /// True for the `true`/`false` a JSON parser boxes as numbers (so `1` is not a flag, nor
    /// `true` a count).
    fileprivate var isJSONBoolean: Bool { String(cString: objCType) == "c" }
}
