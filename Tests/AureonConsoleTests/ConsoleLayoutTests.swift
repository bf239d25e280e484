import AureonCluster
import AureonEngine
import AureonTUI
import Foundation
import Testing
@testable import AureonConsole

/// Golden screens and the layout's promises at every size from 80×24 to 300×80.
///
/// The golden screens are text fixtures in `Snapshots/`; after a deliberate change to the
/// layout, regenerate them with `AUREON_UPDATE_SNAPSHOTS=1 swift test --filter ConsoleLayoutTests`
/// and review the diff.
@Suite("Console layout")
struct ConsoleLayoutTests {
    static let sizes = [(80, 24), (120, 40), (200, 60)]
    static let screens: [(name: String, keys: String)] = [
        ("main", ""), ("detail", "\r"), ("timeline", "v"), ("help", "?"), ("kill", "x"),
    ]

    static var snapshotDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    }

    @Test(arguments: sizes)
    func goldenScreens(width: Int, height: Int) throws {
        let update = ProcessInfo.processInfo.environment["AUREON_UPDATE_SNAPSHOTS"] == "1"
        for screen in Self.screens {
            let app = try makeConsole()
            for key in screen.keys { app.handle(.key(Key(normalizing: key))) }
            let text = app.frame(width: width, height: height).lines.map { $0.trimmingTrailingSpaces() }.joined(separator: "\n") + "\n"
            let file = Self.snapshotDirectory.appendingPathComponent("\(screen.name)-\(width)x\(height).txt")
            if update {
                try text.write(to: file, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try String(contentsOf: file, encoding: .utf8)
            #expect(text == expected, "\(screen.name) at \(width)×\(height) differs from \(file.lastPathComponent):\n\(text)")
        }
    }

    /// What must survive at every size: the health counts, the four required node columns, and
    /// the hint row's `? help  q quit`.
    @Test func requiredColumnsAndHintsHoldFrom80x24To300x80() throws {
        let app = try makeConsole()
        try app.simulation.perform(.drain(NodeID(2)))
        try app.simulation.perform(.kill(NodeID(3)))
        // Acted on the simulation directly, not through a key: the update that follows every
        // key (and reads the nodes those events name) is run by hand.
        app.settle()
        var sizes: [(Int, Int)] = []
        for width in 80...300 { sizes += [(width, 24), (width, 41), (width, 80)] }
        for height in 24...80 { sizes += [(80, height), (157, height), (300, height)] }
        for (width, height) in sizes {
            let lines = app.frame(width: width, height: height).lines
            let where_ = "at \(width)×\(height)"
            #expect(lines[0].contains("14 ●") || lines[0].contains("14●"),
                    "health counts \(where_): \(lines[0])")
            #expect(lines[0].contains("✕"), "killed count \(where_): \(lines[0])")
            let header = lines[3]
            #expect(header.contains("HEALTH"), "health column \(where_): \(header)")
            #expect(header.contains("SLOTS") || header.contains(" SL "), "slots column \(where_): \(header)")
            #expect(header.contains("HEARTBEAT") || header.contains("BEAT"), "heartbeat column \(where_): \(header)")
            #expect(header.contains("DONE"), "done column \(where_): \(header)")
            #expect(lines[height - 1].trimmingTrailingSpaces().hasSuffix("? help  q quit"), "hint row \(where_): \(lines[height - 1])")
        }
    }

    /// Extra width goes to the task ids and the shard map, extra height to the event log.
    @Test func extraSpaceGoesToTasksShardMapAndEvents() throws {
        let app = try makeConsole()
        let small = app.frame(width: 80, height: 24).text()
        let large = app.frame(width: 200, height: 60).text()
        #expect(!small.contains("TASKS") && large.contains("TASKS"))
        func eventRows(_ text: String) -> Int { text.split(separator: "\n").filter { $0.contains("│ 00:00:") }.count }
        #expect(eventRows(large) > eventRows(small) * 3)
        let shards = { (text: String) in text.filter { "▣■□✕".contains($0) }.count }
        #expect(shards(large) > shards(small))
    }
}
