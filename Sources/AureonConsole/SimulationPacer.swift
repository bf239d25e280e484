import AureonCluster
import AureonEngine

/// Turns wall time into virtual time: `elapsed × speed`, within a per-frame event budget.
///
/// The budget keeps the console responsive when the simulation is too heavy
/// for the requested speed; the pacer then notes that it fell behind instead
/// of piling up debt (which would make the console lurch after a burst).
public struct SimulationPacer: Sendable {
    /// The speed steps `+` and `-` move through.
    public static let speeds: [Double] = [0.25, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
    /// A longer wall gap (a suspended terminal, a slow frame) is treated as this much,
    /// so the simulation never jumps minutes ahead in one frame.
    public static let maximumFrameGap: Duration = .milliseconds(250)
    /// How long "behind" stays on screen after the last frame that could not keep up.
    public static let lagDisplayTime: Duration = .seconds(1)

    public private(set) var speed: Double
    public var isPaused: Bool
    public let eventBudget: Int
    /// Wall time left during which the status bar shows that the simulation is behind.
    private var lagRemaining: Duration = .zero

    public init(speed: Double, isPaused: Bool = false, eventBudget: Int) {
        self.speed = Self.nearestStep(to: speed)
        self.isPaused = isPaused
        self.eventBudget = max(1, eventBudget)
    }

    /// True while the simulation recently could not keep up with the requested speed.
    public var isBehind: Bool { lagRemaining > .zero }

    /// The speed step closest to `value` (flags may ask for ×7; the keys then move from ×5 or ×10).
    public static func nearestStep(to value: Double) -> Double {
        speeds.min { abs($0 - value) < abs($1 - value) } ?? 1
    }

    /// One step faster (`+1`) or slower (`-1`), clamped to ×0.25 … ×1000.
    public mutating func changeSpeed(by steps: Int) {
        let index = Self.speeds.firstIndex(of: speed) ?? 0
        speed = Self.speeds[min(max(0, index + steps), Self.speeds.count - 1)]
    }

    /// The speed step closest to `value` (`:speed 50`).
    public mutating func setSpeed(_ value: Double) {
        speed = Self.nearestStep(to: value)
    }

    /// The virtual time this much wall time stands for at the current speed.
    public func virtualDuration(forWall wall: Duration) -> VirtualDuration {
        let clamped = min(max(.zero, wall), Self.maximumFrameGap)
        let (seconds, attoseconds) = clamped.components
        let wallMicroseconds = Double(seconds) * 1_000_000 + Double(attoseconds) / 1_000_000_000_000
        return .microseconds(Int64((wallMicroseconds * speed).rounded()))
    }

    /// A replay that reached its recorded end is not behind: there is simply nothing more.
    public mutating func clearLag() { lagRemaining = .zero }

    /// Advances `simulation` for `wall` of wall time; `observe` runs at each stop so callers can
    /// sample counters on virtual-time boundaries. Returns the number of events processed.
    @discardableResult
    public mutating func advance(
        _ simulation: ClusterSimulation, wall: Duration, boundary: (VirtualTime) -> VirtualTime,
        observe: (ClusterSimulation) -> Void,
        step: ((VirtualTime, Int) -> Int)? = nil,
        shouldStop: (ClusterSimulation) -> Bool = { _ in false }
    ) -> Int {
        lagRemaining = max(.zero, lagRemaining - wall)
        guard !isPaused else { return 0 }
        let target = simulation.now + virtualDuration(forWall: wall)
        var budget = eventBudget
        var processed = 0
        // Bounded: each pass either reaches a boundary (finitely many before target) or spends budget.
        while simulation.now < target {
            let stop = min(target, boundary(simulation.now))
            // A replay advances through its player, which applies the recorded actions.
            let count = step?(stop, budget) ?? simulation.advance(to: stop, maxEvents: budget)
            processed += count
            budget -= count
            observe(simulation)
            // A presenter caption holds the rest of the frame back: that is a pause, not lag.
            if shouldStop(simulation) { break }
            if simulation.now < stop || budget == 0 {
                if simulation.now < target { lagRemaining = Self.lagDisplayTime }
                break
            }
        }
        return processed
    }
}
