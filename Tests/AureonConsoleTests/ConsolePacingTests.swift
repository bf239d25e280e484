import Foundation
import AureonCluster
import AureonEngine
import AureonTUI
import Testing
@testable import AureonConsole

/// Wall time → virtual time, the event budget, and the run loop's drawing discipline.
@Suite("Console pacing and run loop")
struct ConsolePacingTests {
    @Test func virtualTimeAdvancesByWallTimeTimesSpeed() throws {
        let app = try makeConsole()
        let start = app.simulation.now
        app.tick(wallElapsed: .milliseconds(100))
        #expect(app.simulation.now == start, "paused: no progress")
        app.handle(.key(.character(" ")))
        app.tick(wallElapsed: .milliseconds(100))
        #expect(app.simulation.now - start == .seconds(1))
        app.handle(.key(.character("+")))
        app.tick(wallElapsed: .milliseconds(100))
        #expect(app.simulation.now - start == .seconds(3))
    }

    @Test func aLongWallGapIsCappedSoTheSimulationNeverLurches() throws {
        let app = try makeConsole()
        app.pacer.isPaused = false
        let start = app.simulation.now
        app.tick(wallElapsed: .seconds(30))
        #expect(app.simulation.now - start == .milliseconds(2_500))
    }

    @Test func theEventBudgetLimitsAFrameAndTheStatusBarSaysItIsBehind() throws {
        var configuration = ClusterConfiguration()
        configuration.nodeCount = 16
        let feed = ConsoleEventFeed(nodeCount: configuration.nodeCount)
        let simulation = try ClusterSimulation(configuration: ConsoleDefaults.configuration(from: configuration), eventSink: feed.sink())
        try simulation.perform(.schedule(ConsoleDefaults.firstRun()))
        let app = ConsoleApp(simulation: simulation, feed: feed, settings: ConsoleSettings(speed: 1000, eventBudgetPerFrame: 50))
        let before = simulation.counters.eventsProcessed
        app.tick(wallElapsed: .milliseconds(33))
        #expect(simulation.counters.eventsProcessed - before <= 50)
        #expect(simulation.now < .zero + .seconds(33))
        #expect(app.pacer.isBehind)
        #expect(app.frame(width: 120, height: 40).lines[0].contains("behind: cannot keep up"))
        app.handle(.key(.character(" ")))
        app.tick(wallElapsed: .seconds(2))
        #expect(!app.pacer.isBehind)
    }

    @Test func commitRatesAreSampledPerVirtualBucket() throws {
        let app = try makeConsole()
        app.pacer.isPaused = false
        for _ in 0..<30 { app.tick(wallElapsed: .milliseconds(100)) }
        // ×10 → 3 s buckets (a quarter wall second, rounded) over 30 virtual seconds.
        #expect(app.commitRates.bucketWidth == .seconds(3))
        #expect(app.commitRates.rates.count == 10)
        #expect(app.commitRates.rates.contains { $0 > 0 })
    }

    @Test func runLoopDrawsOnlyWhenSomethingChangedAndQuitsOnQ() throws {
        let app = try makeConsole()
        let terminal = MemoryBackend(width: 100, height: 30)
        var clock = Duration.zero
        let loop = ConsoleRunLoop(app: app, terminal: terminal, now: {
            clock += .milliseconds(10)
            return clock
        }, shouldStop: { false })
        loop.run(maximumPasses: 20)
        #expect(terminal.drawCount == 1, "paused and idle: one frame, then nothing to redraw")
        #expect(!app.isAnimating)
        terminal.enqueue(.key(.character("j")))
        loop.run(maximumPasses: 3)
        #expect(terminal.drawCount == 2)
        #expect(terminal.screen.text().contains("│▸node-02"))
        terminal.resize(width: 80, height: 24)
        loop.run(maximumPasses: 2)
        #expect(terminal.screen.width == 80)
        terminal.resize(width: 1, height: 1)
        loop.run(maximumPasses: 2)
        terminal.resize(width: 100, height: 30)
        loop.run(maximumPasses: 2)
        #expect(terminal.screen.text().contains("Nodes (16)"))
        terminal.enqueue(.key(.character("q")))
        loop.run()
        #expect(app.shouldQuit)
    }

    @Test func runLoopStopsOnTerminationRequest() throws {
        let app = try makeConsole()
        let terminal = MemoryBackend(width: 100, height: 30)
        var passes = 0
        let loop = ConsoleRunLoop(app: app, terminal: terminal, now: { .zero }, shouldStop: {
            passes += 1
            return passes > 3
        })
        loop.run()
        #expect(passes == 4)
    }
}

/// Themes: every shipped theme renders; a broken one met while cycling is skipped with a notice.
@Suite("Console themes")
struct ConsoleThemeTests {
    private var themesDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("themes").path
    }

    @Test func everyShippedThemeLoadsAndRenders() throws {
        let catalog = ThemeCatalog(directory: themesDirectory)
        #expect(catalog.themeNames.count >= 6)
        for name in catalog.themeNames {
            let theme = try catalog.resolve(name)
            let app = try makeConsole()
            app.settings.theme = theme
            app.settings.themeName = name
            #expect(app.frame(width: 120, height: 40).lines[1].contains("theme: \(name)"))
        }
    }

    @Test func cyclingSkipsABrokenThemeWithAVisibleNotice() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("themes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["daylight", "midnight"] {
            try FileManager.default.copyItem(atPath: themesDirectory + "/\(name).yaml", toPath: directory.appendingPathComponent("\(name).yaml").path)
        }
        try "name: broken\ncolors:\n  accent: \"#zzzzzz\"\n".write(to: directory.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        let app = try makeConsole()
        app.settings.catalog = ThemeCatalog(directory: directory.path)
        app.settings.themeName = "midnight"
        // Names sort as broken, daylight, midnight: after midnight comes broken, which is skipped.
        app.handle(.key(.character("t")))
        #expect(app.settings.themeName == "daylight")
        let text = app.frame(width: 300, height: 40).text()
        #expect(text.contains("skipped theme:"))
        #expect(text.contains("broken.yaml:3:"))
        app.handle(.key(.character("t")))
        #expect(app.settings.themeName == "midnight")
    }
}
