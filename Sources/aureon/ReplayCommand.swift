import ArgumentParser
import AureonCluster
import AureonScenario
import Foundation

/// `aureon replay FILE`: re-runs a recording headless; exit 0 only when the trace hash matches.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a recording headless and check that it reproduces the same trace hash."
    )

    @Argument(help: "A recording written with --record.")
    var file: String
    @Option(name: .long, help: "Replay this branch of the recording (default: main; `aureon branches FILE` lists them).")
    var branch: String?
    @Flag(name: .long, help: "Print the result as one JSON object.")
    var json = false

    func run() throws {
        let whole = try RecordingReader.load(path: file)
        let name = branch ?? Branch.mainName
        guard let recording = whole.flattened(branch: name) else {
            throw InputError("--branch: no branch '\(name)' in \(file) (it has: \(whole.allBranches.map(\.name).joined(separator: ", ")))")
        }
        let player = try RecordingPlayer(recording: recording)
        let replayed = player.playToEnd()
        let matches = replayed == recording.traceHash
        let simulation = player.simulation
        if json {
            print(JSONText.object([
                ("branch", JSONText.string(name)), ("recorded_hash", JSONText.string(recording.traceHash)), ("replayed_hash", JSONText.string(replayed)),
                ("match", String(matches)), ("actions", String(recording.actions.count)),
                ("virtual_seconds", JSONText.number(simulation.now.seconds)),
                ("events_processed", String(simulation.counters.eventsProcessed)),
                ("invariant_violations", String(simulation.checker.violationCount)),
            ]))
        } else if matches {
            print("replay matches\(branch == nil ? "" : " on branch \(name)"): trace hash \(replayed) (\(recording.actions.count) actions, \(simulation.counters.eventsProcessed) events, \(simulation.now))")
        } else {
            print("replay differs: the trace hashes differ — recorded \(recording.traceHash), replayed \(replayed)")
        }
        if !matches { throw ExitCode(1) }
    }
}
