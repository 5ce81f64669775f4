import Gradients
import ODE

extension FiniteDifference {
    /// Relative steps tried by ``gradient(of:relativeSteps:)`` by default: `1e-3 … 1e-6`.
    public static let selectionSteps = [1e-3, 1e-4, 1e-5, 1e-6]

    /// `[∂L/∂p, ∂L/∂y₀]` of a gradient problem's loss by five-point central differences at
    /// several steps `hₖ = sₖ · max(1, |x|)`, keeping per variable the estimate where two
    /// consecutive steps agree best.
    ///
    /// One fixed step cannot serve every variable of a chaotic or near-singular solve: close
    /// encounters need small steps, smooth stretches larger ones (truncation `O(h⁴)` against
    /// rounding `O(ε/h)`, Nocedal & Wright, *Numerical Optimization*, §8.1). Where consecutive
    /// estimates agree best, both errors are small. The solve's tolerances bound the accuracy:
    /// take them tight (DOP853 at rtol = atol = 1e-12 is what `orrery gradient --check` uses).
    ///
    /// - Parameter relativeSteps: the scales `sₖ`, largest first; at least two.
    public static func gradient<Field: DifferentiableVectorField>(
        of problem: GradientProblem<Field>, relativeSteps: [Double]
    ) throws(ODEError) -> [Double] {
        precondition(relativeSteps.count >= 2, "FiniteDifference.gradient(of:relativeSteps:) needs at least two steps to compare")
        let m = problem.parameters.count, n = problem.initialState.count
        var gradient: [Double] = []
        gradient.reserveCapacity(m + n)
        for v in 0..<(m + n) {
            let x = v < m ? problem.parameters[v] : problem.initialState[v - m]
            var estimates: [Double] = []
            for relative in relativeSteps {
                let h = relative * max(1, abs(x))
                var values: [Double] = []
                for delta in [h, -h, 2 * h, -2 * h] {
                    var copy = problem
                    if v < m { copy.parameters[v] += delta } else { copy.initialState[v - m] += delta }
                    values.append(try evaluateLoss(copy).loss)
                }
                estimates.append((8 * values[0] - 8 * values[1] - values[2] + values[3]) / (12 * h))
            }
            var best = 1
            for k in 1..<estimates.count where abs(estimates[k] - estimates[k - 1]) < abs(estimates[best] - estimates[best - 1]) {
                best = k
            }
            gradient.append(estimates[best])
        }
        return gradient
    }
}
