import ArgumentParser
import AureonCluster
import AureonScenario

/// `aureon branches FILE`: the branch tree of a recording, one branch a line.
struct BranchesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "branches",
        abstract: "List the branches of a recording (name, parent, fork point, end, trace hash)."
    )

    @Argument(help: "A recording written with --record.")
    var file: String
    @Flag(name: .long, help: "Print the branches as one JSON array.")
    var json = false

    func run() throws {
        let recording = try RecordingReader.load(path: file)
        let branches = recording.allBranches
        if json {
            print(JSONText.array(branches.map { branch in
                JSONText.object([
                    ("name", JSONText.string(branch.name)), ("parent", branch.parent.map(JSONText.string) ?? "null"),
                    ("fork_at_us", String(branch.fork.time.microseconds)), ("fork_after_events", String(branch.fork.eventCount)),
                    ("own_actions", String(branch.ownActions.count)), ("end_at_us", String(branch.end.time.microseconds)),
                    ("events_processed", String(branch.end.eventCount)), ("trace_hash", JSONText.string(branch.endTraceHash)),
                ])
            }))
            return
        }
        print("BRANCH          PARENT          FORK AT       ACTIONS  END           EVENTS    TRACE HASH")
        for branch in branches {
            let columns = [
                branch.name.padded(16), (branch.parent ?? "-").padded(16), branch.fork.time.description.padded(14),
                String(branch.ownActions.count).padded(9), branch.end.time.description.padded(14),
                String(branch.end.eventCount).padded(10), branch.endTraceHash,
            ]
            print(columns.joined())
        }
    }
}

extension String {
    fileprivate func padded(_ width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
}
