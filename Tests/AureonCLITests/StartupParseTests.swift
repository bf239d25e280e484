import Testing

/// `aureon simulate` is parsed on its own first (to keep start-up short), and through the whole
/// command tree when that parse does not simply succeed. These check, through the real binary,
/// that the shortcut changes nothing a user sees: usage text, help, completion scripts, the
/// version, and one line with exit 2 for every kind of bad input.
@Suite struct StartupParseTests {
    @Test func plainRunParsesItsFlags() throws {
        let result = try CLI.run(["simulate", "--nodes", "1", "--items", "1", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try CLI.summary(result)["nodes"] as? Int == 1)
    }

    @Test(arguments: [["simulate", "--help"], ["simulate", "-h"], ["help", "simulate"]])
    func helpNamesTheCommandUnderTheRoot(arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("USAGE: aureon simulate"), "\(result.stdout)")
        #expect(result.stdout.contains("--nodes <nodes>"))
    }

    @Test func completionScriptIsStillServed() throws {
        let result = try CLI.run(["simulate", "--generate-completion-script", "bash"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("#!/bin/bash"))
        #expect(result.stdout.contains("simulate"))
    }

    @Test func versionIsTheRootsVersion() throws {
        let result = try CLI.run(["simulate", "--version"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "aureon 0.10.0\n")
    }

    @Test(arguments: [
        (["--bogus"], "aureon: Unknown option '--bogus'. Did you mean '--nodes'?"),
        (["--nodes", "many"], "aureon: The value 'many' is invalid for '--nodes <nodes>'"),
        (["--nodes"], "aureon: Missing value for '--nodes <nodes>'"),
        (["stray"], "aureon: Unexpected argument 'stray'"),
        (["help"], "aureon: Unexpected argument 'help'"),
        (["--json=yes"], "aureon: The option '--json' does not take any value, but 'yes' was specified."),
    ])
    func badFlagsGetTheTreesOneLineAndExitTwo(arguments: [String], message: String) throws {
        let result = try CLI.run(["simulate"] + arguments)
        #expect(result.status == 2)
        #expect(result.stderr == message + "\n", "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
