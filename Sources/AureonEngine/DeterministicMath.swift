/// The few transcendental functions the simulation needs, from IEEE-754 basic arithmetic
/// only (+, −, ×, ÷ are correctly rounded everywhere), so their results cannot change with
/// the platform's libm or the toolchain — which would change every history they touch.
public enum DeterministicMath {
    /// The natural logarithm of a positive, finite `x`.
    ///
    /// Splits x = m · 2^e with m in [√½, √2), then ln m = 2·atanh(z), z = (m − 1)/(m + 1),
    /// |z| ≤ 0.172, by its odd series; 24 terms take the error below 1e-17.
    public static func naturalLog(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite, "naturalLog needs a positive, finite argument")
        var exponent = Int(x.exponent)
        var mantissa = x.significand  // [1, 2)
        if mantissa > 1.414_213_562_373_095_1 {
            mantissa /= 2
            exponent += 1
        }
        let z = (mantissa - 1) / (mantissa + 1)
        let z2 = z * z
        var term = z
        var sum = 0.0
        var k = 1.0
        for _ in 0..<24 {
            sum += term / k
            term *= z2
            k += 2
        }
        return 2 * sum + Double(exponent) * 0.693_147_180_559_945_3
    }

    /// An exponential draw with mean 1 from a uniform `unit` in [0, 1): −ln(1 − unit),
    /// capped at 28 (1 − unit is never below 2⁻⁵³, but a cap keeps gaps finite by design).
    public static func exponential(unit: Double) -> Double {
        min(28, -naturalLog(max(0x1.0p-53, 1 - unit)))
    }
}
