import AureonCluster
import AureonEngine
import AureonTUI
@testable import AureonConsole

/// A console over the embedded default cluster, paused at a known point, for tests.
func makeConsole(nodes: Int = ConsoleDefaults.nodeCount, seed: UInt64 = 7, advancedTo seconds: Int64 = 30,
                 glyphs: GlyphSet = .unicode, keymap: Keymap = ConsoleAction.defaultKeymap(), selfFencing: Bool = true) throws -> ConsoleApp {
    var configuration = ClusterConfiguration()
    configuration.nodeCount = nodes
    configuration.concurrency = ConsoleDefaults.concurrency
    configuration.seed = seed
    configuration.selfFencing = selfFencing
    let feed = ConsoleEventFeed(nodeCount: nodes)
    let simulation = try ClusterSimulation(configuration: ConsoleDefaults.configuration(from: configuration), eventSink: feed.sink())
    try simulation.perform(.schedule(ConsoleDefaults.firstRun()))
    simulation.advance(to: .zero + .seconds(seconds))
    return ConsoleApp(simulation: simulation, feed: feed, settings: ConsoleSettings(glyphs: glyphs, keymap: keymap, startsPaused: true))
}

/// A simulation whose events all reach a console feed, built by `build` (which gets the sink).
func fedSimulation(nodeCount: Int, _ build: (@escaping (ClusterEvent) -> Void) throws -> ClusterSimulation) rethrows
    -> (ClusterSimulation, ConsoleEventFeed) {
    let feed = ConsoleEventFeed(nodeCount: nodeCount)
    return (try build(feed.sink()), feed)
}

/// The view-model a frame of a paused console over `simulation` would draw from.
func viewModel(_ simulation: ClusterSimulation, feed: ConsoleEventFeed, glyphs: GlyphSet = .ascii) -> ConsoleViewModel {
    ConsoleApp(simulation: simulation, feed: feed, settings: ConsoleSettings(glyphs: glyphs, startsPaused: true)).makeViewModel()
}

/// Types `keys` into the console, one key per character.
func press(_ app: any ConsoleLoopClient, _ keys: String) {
    for character in keys { app.handle(.key(Key(normalizing: character))) }
}

/// Runs one line of the `:` command line.
func command(_ app: ConsoleApp, _ line: String) {
    press(app, ":" + line + "\r")
}

/// Runs `seconds` of virtual time (×10: each 100 ms tick is one virtual second), then pauses.
func run(_ app: ConsoleApp, seconds: Int) {
    app.pacer.isPaused = false
    for _ in 0..<seconds { app.tick(wallElapsed: .milliseconds(100)) }
    app.pacer.isPaused = true
}
