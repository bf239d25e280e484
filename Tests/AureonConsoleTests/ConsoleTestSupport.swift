import AureonCluster
import AureonEngine
import AureonTUI
@testable import AureonConsole

/// A console over the embedded default cluster, paused at a known point, for tests.
func makeConsole(nodes: Int = ConsoleDefaults.nodeCount, seed: UInt64 = 7, advancedTo seconds: Int64 = 30,
                 glyphs: GlyphSet = .unicode, keymap: Keymap = ConsoleAction.defaultKeymap()) throws -> ConsoleApp {
    var configuration = ClusterConfiguration()
    configuration.nodeCount = nodes
    configuration.concurrency = ConsoleDefaults.concurrency
    configuration.seed = seed
    let simulation = try ClusterSimulation(configuration: ConsoleDefaults.configuration(from: configuration))
    try simulation.perform(.schedule(ConsoleDefaults.firstRun()))
    simulation.advance(to: .zero + .seconds(seconds))
    return ConsoleApp(simulation: simulation, settings: ConsoleSettings(glyphs: glyphs, keymap: keymap, startsPaused: true))
}
