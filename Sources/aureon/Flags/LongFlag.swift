import ArgumentParser

/// One long flag, defined once and read by both parsers of a command: ArgumentParser's
/// declaration (`@Option(name: flag.name, help: flag.help)`) and ``PlainArguments``.
///
/// Why two parsers: ArgumentParser finds a command's arguments by reflecting over it, and the
/// first use of each type there scans every protocol conformance record in the binary; for
/// `simulate` that was 17 M of a 25 M-instruction start-up. ``PlainArguments`` reads the plain,
/// well-formed command lines of a table of these flags without reflection and declines
/// everything else (help, mistakes, anything unusual), which ArgumentParser then parses, so
/// every message and exit status stays its own.
struct LongFlag: Sendable {
    enum Arity: Sendable {
        /// `--name VALUE` or `--name=VALUE`, at most once.
        case value
        /// `--name VALUE`, any number of times, kept in order.
        case values
        /// `--name`, without a value, at most once.
        case toggle
    }

    /// The flag without its leading dashes.
    let spelling: String
    let arity: Arity
    /// The help text, made only when help is asked for: some are built from a vocabulary (the
    /// defects' names), which a plain run should not pay for.
    let abstract: @Sendable () -> String
    /// The value's name in the usage text; nil: ArgumentParser's default (the property's name).
    let valueName: String?

    init(_ spelling: String, _ arity: Arity, _ abstract: @autoclosure @escaping @Sendable () -> String, valueName: String? = nil) {
        precondition(!spelling.isEmpty && !spelling.hasPrefix("-") && !spelling.contains("="), "a long flag's spelling is a bare name")
        self.spelling = spelling
        self.arity = arity
        self.abstract = abstract
        self.valueName = valueName
    }

    /// As typed: `--spelling` (how messages name it).
    var dashed: String { "--" + spelling }
    var name: NameSpecification { .customLong(spelling) }
    var help: ArgumentHelp { ArgumentHelp(abstract(), valueName: valueName) }
}
