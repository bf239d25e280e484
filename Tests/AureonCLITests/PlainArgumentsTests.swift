import ArgumentParser
import Testing
@testable import aureon

/// `simulate`'s plain parser (``PlainArguments``, ``SimulateRequest/init(plainly:)``) against
/// ArgumentParser, in process: it reads a plain line exactly as ArgumentParser does, it leaves
/// every other line to ArgumentParser, and its table is every flag `simulate` declares.
@Suite struct PlainArgumentsTests {
    /// What ArgumentParser makes of the same line.
    private static func parsedByArgumentParser(_ arguments: [String]) throws -> SimulateRequest {
        try SimulateCommand.parse(arguments).request
    }

    @Test(arguments: [
        [],
        ["--json"],
        ["--nodes", "3", "--items", "50", "--json"],
        ["--nodes=3", "--items=50", "--seed=18446744073709551615"],
        ["--scenario", "demo/node-crash.yaml", "--concurrency", "+7", "--seed", "42"],
        ["--items", "9", "--shard-size", "2", "--strategy", "by_dataset", "--work", "1s..2s", "--iterations", "3"],
        ["--until", "10m", "--checkpoint-dir", "ckpt", "--checkpoint-dir-reset", "--events", "-", "--record", "r.jsonl"],
        ["--defect", "double_delivery", "--json", "--defect", "ignore_fencing", "--defect=forget_checkpoints"],
        ["--events=a=b", "--work=20s..90s", "--strategy", "not_a_strategy"],
        ["--nodes", "0", "--items", "999999999999"],
    ])
    func aPlainLineReadsAsArgumentParserReadsIt(arguments: [String]) throws {
        let plain = try #require(SimulateRequest(plainly: arguments[...]), "declined \(arguments)")
        #expect(plain == (try Self.parsedByArgumentParser(arguments)))
        #expect(Entry.plainSimulateRequest(["simulate"] + arguments) == plain)
    }

    @Test(arguments: [
        ["--help"], ["-h"], ["help"], ["--version"], ["--generate-completion-script", "bash"],
        ["--bogus"], ["stray"], ["--"], ["-"], ["--=3"],
        ["--nodes"], ["--nodes", "many"], ["--nodes", "1", "--nodes", "2"], ["--nodes", "--json"],
        ["--items", "-3"], ["--items=-3"], ["--seed", "-1"], ["--events", ""], ["--events="],
        ["--json=yes"], ["--json", "--json"], ["--checkpoint-dir-reset=1"],
        ["--node", "3"], ["--NODES", "3"], ["-n", "3"],
    ])
    func anythingElseIsLeftToArgumentParser(arguments: [String]) {
        #expect(SimulateRequest(plainly: arguments[...]) == nil, "\(arguments)")
        #expect(Entry.plainSimulateRequest(["simulate"] + arguments) == nil)
    }

    @Test func aLineLongerThanTheLimitIsLeftToArgumentParser() {
        let atLimit = Array(repeating: ["--defect", "double_delivery"], count: PlainArguments.argumentLimit / 2).flatMap { $0 }
        #expect(SimulateRequest(plainly: atLimit[...])?.defect.count == PlainArguments.argumentLimit / 2)
        #expect(SimulateRequest(plainly: (atLimit + ["--json"])[...]) == nil)
    }

    @Test func otherCommandsAreNotReadPlainly() {
        #expect(Entry.plainSimulateRequest(["replay", "--json"]) == nil)
        #expect(Entry.plainSimulateRequest(["console", "--nodes", "3"]) == nil)
        #expect(Entry.plainSimulateRequest([]) == nil)
        #expect(Entry.plainSimulateRequest(["simulate"]) != nil)
    }

    /// The table is the one definition: every flag in `simulate`'s help is in it, and every
    /// flag in it is in the help.
    @Test func theTableIsEveryFlagSimulateDeclares() throws {
        let help = SimulateCommand.helpMessage(columns: 10_000)
        let declared = Set(help.matches(of: try Regex("--[a-z][a-z-]*")).map { String(help[$0.range].dropFirst(2)) })
            .subtracting(["help", "version"])
        let table = SimulateRequest.Flags.all.map(\.spelling)
        #expect(Set(table).count == table.count, "a spelling appears twice in the table")
        #expect(Set(table) == declared)
        for flag in SimulateRequest.Flags.all {
            #expect(help.contains(flag.abstract().prefix(30)), "--\(flag.spelling)'s help is not the table's")
        }
    }
}
