import ArgumentParser

/// A command line read against a table of ``LongFlag``s without reflection, or nothing.
///
/// It takes only what it can read exactly as ArgumentParser would: `--name VALUE`,
/// `--name=VALUE` and bare toggles from the table, each single flag at most once. Anything
/// else — a help request, an unknown or short flag, a positional argument, a missing value, a
/// value that starts with a dash (ArgumentParser's reading of those depends on the option's
/// parsing strategy), a repeated single flag — makes it decline, and the caller hands the
/// whole line to ArgumentParser.
struct PlainArguments {
    /// Longer command lines are left to ArgumentParser: a bound on the input that no real
    /// command line comes near.
    static let argumentLimit = 1_024

    /// Why a value was not taken; the caller then lets ArgumentParser parse and explain.
    struct Declined: Error {}

    /// The table the line was read against.
    private let flags: [LongFlag]
    /// The values given for each flag of the table, by position, in order (empty for a toggle;
    /// nil when not given). An array, not a dictionary: the first use of a generic type costs a
    /// start-up thousands of instructions, and the table is a dozen flags long.
    private var given: [[String]?]

    init?(_ arguments: ArraySlice<String>, flags: [LongFlag]) {
        guard arguments.count <= Self.argumentLimit else { return nil }
        self.flags = flags
        given = Array(repeating: nil, count: flags.count)
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--") else { return nil }
            let body = argument.dropFirst(2)
            let equals = body.firstIndex(of: "=")
            let spelling = equals.map { body[..<$0] } ?? body
            guard let position = flags.firstIndex(where: { $0.spelling == spelling }) else { return nil }
            let flag = flags[position]
            let earlier = given[position]
            switch flag.arity {
            case .toggle:
                guard equals == nil, earlier == nil else { return nil }
                given[position] = []
            case .value, .values:
                guard flag.arity == .values || earlier == nil else { return nil }
                let value: String
                if let equals {
                    value = String(body[body.index(after: equals)...])
                } else {
                    guard index < arguments.endIndex else { return nil }
                    value = arguments[index]
                    index += 1
                }
                guard Self.isPlainValue(value) else { return nil }
                given[position] = (earlier ?? []) + [value]
            }
        }
    }

    /// A value ArgumentParser takes as it is whatever the parsing strategy: not empty, and not
    /// starting with a dash unless it is a lone `-` (standard output, for the output flags).
    static func isPlainValue(_ value: String) -> Bool {
        value == "-" || (!value.isEmpty && !value.hasPrefix("-"))
    }

    /// The flag's value converted as ArgumentParser converts it; nil when it was not given.
    func value<Value: ExpressibleByArgument>(_ flag: LongFlag) throws(Declined) -> Value? {
        assert(flag.arity == .value, "--\(flag.spelling) is not a single-value flag")
        guard let text = given(flag)?.first else { return nil }
        guard let value = Value(argument: text) else { throw Declined() }
        return value
    }

    /// Every value given for a repeatable flag, in order.
    func values<Value: ExpressibleByArgument>(_ flag: LongFlag) throws(Declined) -> [Value] {
        assert(flag.arity == .values, "--\(flag.spelling) is not a repeatable flag")
        var result: [Value] = []
        for text in given(flag) ?? [] {
            guard let value = Value(argument: text) else { throw Declined() }
            result.append(value)
        }
        return result
    }

    /// True when the toggle was given.
    func isSet(_ flag: LongFlag) -> Bool {
        assert(flag.arity == .toggle, "--\(flag.spelling) is not a toggle")
        return given(flag) != nil
    }

    /// The values given for a flag of the table.
    private func given(_ flag: LongFlag) -> [String]? {
        guard let position = flags.firstIndex(where: { $0.spelling == flag.spelling }) else {
            preconditionFailure("--\(flag.spelling) is not in the table the line was read against")
        }
        return given[position]
    }
}
