import ArgumentParser
import AureonScenario
import AureonPostgres

/// `--time-scale X`: how much faster than the wall clock a live cluster plays its scenario's
/// virtual timings (heartbeats, visibility timeouts, work). One definition for every live
/// command that runs nodes.
struct TimeScaleFlag: ParsableArguments {
    @Option(name: .customLong("time-scale"), help: "Virtual seconds per wall second (0.01…1000; default 1).")
    var timeScale = 1.0

    /// The clock it asks for; a factor outside the bounds is bad input.
    func clock() throws(InputError) -> LiveClock {
        guard LiveClock.scales.contains(timeScale) else {
            throw InputError("--time-scale: \(timeScale) is outside \(LiveClock.scales.lowerBound)…\(Int(LiveClock.scales.upperBound))")
        }
        return LiveClock(scale: timeScale)
    }
}
