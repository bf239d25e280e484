/// The Wilson score interval of a binomial proportion: unlike the normal approximation it
/// stays inside [0, 1] and is sensible at 0 or N successes out of N, which is where an outcome
/// that became inevitable sits.
public struct WilsonInterval: Sendable, Equatable {
    public let low: Double
    public let high: Double

    /// z for a 95 % interval.
    public static let z95 = 1.959_963_984_540_054

    public init(successes: Int, trials: Int, z: Double = Self.z95) {
        precondition(trials > 0 && (0...trials).contains(successes))
        let n = Double(trials), p = Double(successes) / n, z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / (1 + z2 / n)
        low = max(0, centre - half)
        high = min(1, centre + half)
    }
}
