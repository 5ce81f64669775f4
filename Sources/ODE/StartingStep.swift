import Foundation

/// Hairer's starting-step rule (Hairer, Nørsett & Wanner, *Solving ODEs I*, §II.4), split
/// into its scalar pieces. The naive gradient differentiates through it from the values the
/// loop hands its recorder (``StartingStepTrace``).
@usableFromInline
enum StartingStep {
    /// `d0 = ‖y‖`, `d1 = ‖f(t0, y)‖` in the RMS norm with scale `atol + rtol·|y|`.
    @inlinable
    static func norms(y: UnsafePointer<Double>, f0: UnsafePointer<Double>, count n: Int,
                             rtol: Double, atol: Double) -> (d0: Double, d1: Double) {
        var d0 = 0.0, d1 = 0.0
        for i in 0..<n {
            let sc = atol + rtol * abs(y[i])
            d0 += (y[i] / sc) * (y[i] / sc)
            d1 += (f0[i] / sc) * (f0[i] / sc)
        }
        return ((d0 / Double(n)).squareRoot(), (d1 / Double(n)).squareRoot())
    }

    /// Whether the first guess takes the fixed 1e-6 (tiny state or derivative).
    @inlinable
    static func isSmall(d0: Double, d1: Double) -> Bool { d0 < 1e-5 || d1 < 1e-5 }

    /// The first guess `h0` (before clamping to the span and `maxStep`).
    @inlinable
    static func firstGuess(d0: Double, d1: Double) -> Double {
        isSmall(d0: d0, d1: d1) ? 1e-6 : 0.01 * d0 / d1
    }

    /// `d2 = ‖f(t0 + h0, y1) − f0‖ / h0`, an estimate of the second derivative's size.
    @inlinable
    static func secondDerivativeNorm(y: UnsafePointer<Double>, f0: UnsafePointer<Double>, f1: UnsafePointer<Double>,
                                            count n: Int, h0: Double, rtol: Double, atol: Double) -> Double {
        var d2 = 0.0
        for i in 0..<n {
            let sc = atol + rtol * abs(y[i])
            let r = (f1[i] - f0[i]) / sc
            d2 += r * r
        }
        return (d2 / Double(n)).squareRoot() / h0
    }

    /// `h1 = (0.01 / max(d1, d2))^(1/(p+1))` (or `max(1e-6, 1e-3·h0)` when both are tiny).
    @inlinable
    static func secondGuess(d1: Double, d2: Double, h0: Double, order: Int) -> Double {
        let m = max(d1, d2)
        return m <= 1e-15 ? max(1e-6, h0 * 1e-3) : pow(0.01 / m, 1 / Double(order + 1))
    }
}
