import ArgumentParser
import AureonEngine
import AureonScenario

/// What `aureon explore` and its worker processes share: the flags that fix the analysis. A
/// worker is started with exactly these (``workerArguments``) and plans the same analysis, so
/// the (moment, variant) items it is handed mean the same thing in every process.
struct ExploreOptions: ParsableArguments {
    static let defaultVariants = 50

    @Argument(help: "A recording written with --record.")
    var file: String
    @Option(name: .long, help: "What to ask about: 'COUNTER > N', 'COUNTER >= N', invariant_violated or 'run_late RUN DURATION'.")
    var outcome: String
    @Option(name: .long, help: "Explore this branch of the recording (default: main).")
    var branch: String?
    @Option(name: .long, help: "First moment probed (a duration from the start, 2m30s, or a clock, 00:02:30; default: the start).")
    var from: String?
    @Option(name: .long, help: "Last moment probed (default: the recording's end).")
    var to: String?
    @Option(name: .long, help: "Virtual time between moments (default: a twentieth of --from..--to).")
    var step: String?
    @Option(name: .long, help: "Re-runs of the future per moment (1…\(CausalityAnalysis.variantLimit), default \(ExploreOptions.defaultVariants)).")
    var variants: Int?

    /// Reads the recording and plans the analysis; every complaint names its flag or file.
    func analysis(threshold: Double = 0.95) throws -> CausalityAnalysis {
        let predicate = try OutcomePredicate.parse(outcome)
        let start = try from.map { text throws(InputError) in try Self.moment(text, flag: "--from") }
        let end = try to.map { text throws(InputError) in try Self.moment(text, flag: "--to") }
        let stride = try step.map { text throws(InputError) in
            guard let duration = DurationFormat.parse(text) else { throw InputError("--step: '\(text)' is not a duration (e.g. 10s)") }
            guard duration > .zero else { throw InputError("--step: must be longer than zero") }
            return duration
        }
        let recording = try RecordingReader.load(path: file)
        return try CausalityAnalysis(recording: recording, branch: branch ?? Branch.mainName, outcome: predicate, from: start, to: end,
                                     step: stride, variants: variants ?? Self.defaultVariants, threshold: threshold)
    }

    /// The worker's command line: the hidden subcommand and these same flags.
    var workerArguments: [String] {
        var arguments = [ExploreWorkerCommand.configuration.commandName!, file, "--outcome", outcome]
        for (flag, value) in [("--branch", branch), ("--from", from), ("--to", to), ("--step", step), ("--variants", variants.map(String.init))] {
            if let value { arguments += [flag, value] }
        }
        return arguments
    }

    /// A moment given on the command line: a duration since the start (`150s`, `2m30s`) or a
    /// clock, `[HH:]MM:SS[.ffffff]` (`00:02:30`, `02:30`, `00:02:30.5`).
    static func moment(_ text: String, flag: String) throws(InputError) -> VirtualTime {
        if let duration = DurationFormat.parse(text) { return .zero + duration }
        let bad = InputError("\(flag): '\(text)' is not a moment (a duration such as 2m30s, or a clock such as 00:02:30)")
        func number(_ digits: Substring, width: ClosedRange<Int>) throws(InputError) -> Int64 {
            guard width.contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(digits) else { throw bad }
            return value
        }
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(fields.count) else { throw bad }
        let secondsField = fields[fields.count - 1].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let seconds = try number(secondsField[0], width: 2...2)
        let minutes = try number(fields[fields.count - 2], width: 2...2)
        let hours = fields.count == 3 ? try number(fields[0], width: 1...3) : 0
        guard seconds < 60, minutes < 60 else { throw bad }
        var micros = ((hours * 60 + minutes) * 60 + seconds) * 1_000_000
        if secondsField.count == 2 {
            let fraction = secondsField[1]
            micros += try number(fraction, width: 1...6) * Int64(pow10(6 - fraction.count))
        }
        return VirtualTime(microseconds: micros)
    }

    private static func pow10(_ exponent: Int) -> Int { (0..<exponent).reduce(1) { value, _ in value * 10 } }
}
